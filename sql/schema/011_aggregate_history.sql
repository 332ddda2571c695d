-- The entity and mention aggregates of 008 with validity ranges, so a report as of an older run
-- reads a small table instead of counting every mention of that state.
-- NAME_history holds every value a row of the aggregate NAME has had: valid_from is the run
-- that gave the key that value, valid_to the run that changed it (NULL while current), so
--     valid_from <= n AND (valid_to IS NULL OR valid_to > n)
-- is NAME as it stood after run n. The load keeps them in the run's transaction, right after
-- it merges its delta into NAME (tasks/warehouse/aggregates.py): the keys whose value the run
-- changed (its articles' counts, and every row of an entity its redirects involve) get their
-- open row closed and the new value opened. A rolled-back run leaves them as they were.
-- tasks/warehouse/migrate.py fills them right after this file by replaying the committed runs.
CREATE TABLE IF NOT EXISTS entity_stats_history (
    entity_id  VARCHAR NOT NULL,
    mentions   BIGINT NOT NULL,
    articles   BIGINT NOT NULL,
    valid_from BIGINT NOT NULL,
    valid_to   BIGINT
);
CREATE TABLE IF NOT EXISTS entity_forms_history (
    entity_id  VARCHAR NOT NULL,
    text       VARCHAR NOT NULL,
    mentions   BIGINT NOT NULL,
    valid_from BIGINT NOT NULL,
    valid_to   BIGINT
);
CREATE TABLE IF NOT EXISTS entity_days_history (
    entity_id  VARCHAR NOT NULL,
    type       VARCHAR NOT NULL,
    day        DATE,
    mentions   BIGINT NOT NULL,
    articles   BIGINT NOT NULL,
    valid_from BIGINT NOT NULL,
    valid_to   BIGINT
);
CREATE TABLE IF NOT EXISTS mention_days_history (
    day        DATE,
    type       VARCHAR NOT NULL,
    mentions   BIGINT NOT NULL,
    articles   BIGINT NOT NULL,
    valid_from BIGINT NOT NULL,
    valid_to   BIGINT
);
CREATE TABLE IF NOT EXISTS co_mention_pairs_history (
    entity_a   VARCHAR NOT NULL,
    entity_b   VARCHAR NOT NULL,
    articles   BIGINT NOT NULL,
    sentences  BIGINT NOT NULL,
    valid_from BIGINT NOT NULL,
    valid_to   BIGINT
);

-- Each aggregate as of run n: a range filter.
CREATE OR REPLACE MACRO entity_stats_as_of(n) AS TABLE
    SELECT entity_id, mentions, articles FROM entity_stats_history
    WHERE valid_from <= n AND (valid_to IS NULL OR valid_to > n);
CREATE OR REPLACE MACRO entity_forms_as_of(n) AS TABLE
    SELECT entity_id, text, mentions FROM entity_forms_history
    WHERE valid_from <= n AND (valid_to IS NULL OR valid_to > n);
CREATE OR REPLACE MACRO entity_days_as_of(n) AS TABLE
    SELECT entity_id, type, day, mentions, articles FROM entity_days_history
    WHERE valid_from <= n AND (valid_to IS NULL OR valid_to > n);
CREATE OR REPLACE MACRO mention_days_as_of(n) AS TABLE
    SELECT day, type, mentions, articles FROM mention_days_history
    WHERE valid_from <= n AND (valid_to IS NULL OR valid_to > n);
CREATE OR REPLACE MACRO co_mention_pairs_as_of(n) AS TABLE
    SELECT entity_a, entity_b, articles, sentences FROM co_mention_pairs_history
    WHERE valid_from <= n AND (valid_to IS NULL OR valid_to > n);

-- entity_counts_as_of (008) for an earlier state now reads the kept history too, so
-- entities_as_of(n) and every report naming or ranking entities as of n no longer count the
-- mentions of that state. Same columns, same rows.
CREATE OR REPLACE MACRO entity_counts_as_of(n) AS TABLE
    SELECT s.entity_id, s.mentions AS mention_count, s.articles AS article_count,
           coalesce(f.aliases, []::VARCHAR[]) AS aliases
    FROM entity_stats_as_of(n) s
    LEFT JOIN (SELECT entity_id, list_sort(list(text)) AS aliases FROM entity_forms_as_of(n)
               GROUP BY entity_id) f USING (entity_id)
    WHERE n < 9223372036854775807
    UNION ALL
    SELECT s.entity_id, s.mentions, s.articles, coalesce(f.aliases, []::VARCHAR[])
    FROM entity_stats s
    LEFT JOIN (SELECT entity_id, list_sort(list(text)) AS aliases FROM entity_forms GROUP BY entity_id) f
           USING (entity_id)
    WHERE n >= 9223372036854775807;

-- mentions_by_run: the mention rows each run wrote, by type and by the run that replaced them
-- (valid_to; NULL while current). All the rows of one article in one run close together (an
-- extraction's ranges close at once), so articles add up across valid_to too. The load writes
-- its own run's rows and rewrites those of the runs whose rows it closed
-- (sql/aggregates/_shared/mention_runs.sql); the replay fills it from the history as it stands.
CREATE TABLE IF NOT EXISTS mention_runs (
    run_id   BIGINT NOT NULL,
    type     VARCHAR NOT NULL,
    valid_to BIGINT,
    mentions BIGINT NOT NULL,
    articles BIGINT NOT NULL
);
