-- Khronika warehouse, version 1.
-- Every versioned row lives in a *_history table with the run_id that wrote it.
-- The plain names (articles, mentions, entities, events, event_arguments) are views of the
-- current committed state; the *_as_of(n) table macros answer "as it was after run n".

CREATE SEQUENCE IF NOT EXISTS run_id_seq START 1;

CREATE TABLE IF NOT EXISTS runs (
    run_id            BIGINT PRIMARY KEY,
    flow_run_id       VARCHAR,
    flow_name         VARCHAR,
    started_at        TIMESTAMP NOT NULL,
    finished_at       TIMESTAMP,
    status            VARCHAR NOT NULL,      -- running | committed | failed
    error             VARCHAR,
    code_version      VARCHAR,
    extractor_version VARCHAR,
    model_versions    VARCHAR,               -- JSON object
    parameters        VARCHAR,               -- JSON object
    files_seen        BIGINT,
    files_loaded      BIGINT,
    files_unchanged   BIGINT,
    files_quarantined BIGINT,
    files_skipped     BIGINT,
    articles_new      BIGINT,
    articles_changed  BIGINT,
    articles_unchanged BIGINT,
    mentions          BIGINT,
    entities          BIGINT,
    events            BIGINT,
    quarantined       BIGINT,
    warnings          BIGINT
);

-- Ledger: every input file seen by a run, with what became of it.
CREATE TABLE IF NOT EXISTS ingest_files (
    run_id       BIGINT NOT NULL,
    path         VARCHAR NOT NULL,
    size         BIGINT,
    mtime        TIMESTAMP,
    content_hash VARCHAR,
    format       VARCHAR,
    encoding     VARCHAR,
    status       VARCHAR NOT NULL,           -- loaded | unchanged | quarantined | skipped
    reason       VARCHAR,
    articles     BIGINT
);

CREATE TABLE IF NOT EXISTS articles_history (
    article_id   VARCHAR NOT NULL,
    source_id    VARCHAR,
    source_path  VARCHAR NOT NULL,
    title        VARCHAR,
    url          VARCHAR,
    published_at TIMESTAMP,
    source       VARCHAR,
    topic        VARCHAR,
    encoding     VARCHAR,
    text         VARCHAR NOT NULL,
    content_hash VARCHAR NOT NULL,
    run_id       BIGINT NOT NULL
);

-- One row per (article version x extractor version) that a run analysed: the derived
-- tables of an article are the ones written by its latest extraction.
CREATE TABLE IF NOT EXISTS extractions (
    article_id        VARCHAR NOT NULL,
    content_hash      VARCHAR NOT NULL,
    extractor_version VARCHAR NOT NULL,
    run_id            BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS mentions_history (
    mention_id     VARCHAR NOT NULL,
    article_id     VARCHAR NOT NULL,
    start          INTEGER NOT NULL,
    stop           INTEGER NOT NULL,
    type           VARCHAR NOT NULL,
    text           VARCHAR NOT NULL,
    normal         VARCHAR,
    first_name     VARCHAR,
    last_name      VARCHAR,
    middle_name    VARCHAR,
    entity_id      VARCHAR NOT NULL,
    sentence_index INTEGER NOT NULL,
    run_id         BIGINT NOT NULL
);

-- Entity registry: an entity_id is written once, the first time a run sees it.
CREATE TABLE IF NOT EXISTS entities_history (
    entity_id VARCHAR NOT NULL,
    type      VARCHAR NOT NULL,
    name      VARCHAR NOT NULL,
    run_id    BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS events_history (
    event_id       VARCHAR NOT NULL,
    article_id     VARCHAR NOT NULL,
    type           VARCHAR NOT NULL,
    quad_class     VARCHAR NOT NULL,
    trigger_start  INTEGER NOT NULL,
    trigger_stop   INTEGER NOT NULL,
    trigger_text   VARCHAR NOT NULL,
    trigger_lemma  VARCHAR,
    event_date     DATE,
    date_precision VARCHAR,                  -- day | month | year | null
    sentence_index INTEGER NOT NULL,
    run_id         BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS event_arguments_history (
    event_id  VARCHAR NOT NULL,
    article_id VARCHAR NOT NULL,
    role      VARCHAR NOT NULL,              -- participant | target | place | time
    start     INTEGER NOT NULL,
    stop      INTEGER NOT NULL,
    text      VARCHAR NOT NULL,
    entity_id VARCHAR,
    run_id    BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS event_types (
    type        VARCHAR PRIMARY KEY,
    quad_class  VARCHAR NOT NULL,
    description VARCHAR
);

-- Rows that failed validation or could not be read, with why.
CREATE TABLE IF NOT EXISTS quarantine (
    run_id      BIGINT NOT NULL,
    source_path VARCHAR,
    stage       VARCHAR NOT NULL,            -- ingest | validate | extract
    reason      VARCHAR NOT NULL,
    table_name  VARCHAR,
    check_name  VARCHAR,
    column_name VARCHAR,
    value       VARCHAR,
    article_id  VARCHAR,
    record      VARCHAR                      -- the offending record as JSON, when small
);

-- Data-quality results: one row per check per run, plus warnings (failures isolated to a piece
-- of text, e.g. a sentence an extractor raised on).
CREATE TABLE IF NOT EXISTS dq_checks (
    run_id     BIGINT NOT NULL,
    check_name VARCHAR NOT NULL,
    kind       VARCHAR NOT NULL,             -- schema | audit
    table_name VARCHAR,
    failures   BIGINT NOT NULL,
    status     VARCHAR NOT NULL              -- passed | failed
);

CREATE TABLE IF NOT EXISTS dq_warnings (
    run_id         BIGINT NOT NULL,
    article_id     VARCHAR,
    source_path    VARCHAR,
    stage          VARCHAR NOT NULL,
    sentence_index INTEGER,
    error          VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       VARCHAR NOT NULL,
    applied_at TIMESTAMP NOT NULL
);
