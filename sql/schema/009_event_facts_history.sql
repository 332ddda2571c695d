-- event_facts kept by the load: one row per event version with its validity range, so the
-- reports that list events (event_timeline, who_met_whom, event_places) read a table instead
-- of recomputing every event's actors, place and article per query.
-- An event's row changes only with its article (a new version or a re-extraction), its
-- arguments' entities (a redirect, a new registry row, a place link) - never with other
-- events - except for its cluster columns (cluster_id, num_articles), which depend on every
-- event of the cluster: they are not kept here, and event_facts still computes them.
-- The load closes the rows a run changes and writes their new versions in the run's
-- transaction (tasks/warehouse/event_facts.py, sql/event_facts/); valid_from is the run that
-- made a row current, valid_to the run that replaced it (NULL while current), so
--     valid_from <= n AND (valid_to IS NULL OR valid_to > n)
-- is the state as of run n. Rows go in run by run, each run's ordered by event_day, so the
-- zone maps of valid_from / valid_to skip the rows an older state does not need.
-- tasks/warehouse/migrate.py fills it right after this file by replaying the committed runs.
CREATE TABLE IF NOT EXISTS event_facts_history (
    event_id       VARCHAR NOT NULL,
    type           VARCHAR,
    quad_class     VARCHAR,
    actor1_id      VARCHAR,
    actor1_name    VARCHAR,
    actor1_type    VARCHAR,
    actor2_id      VARCHAR,
    actor2_name    VARCHAR,
    actor2_type    VARCHAR,
    participants   STRUCT(entity_id VARCHAR, "name" VARCHAR, "type" VARCHAR, "role" VARCHAR)[],
    place_id       VARCHAR,
    place_name     VARCHAR,
    country_code   VARCHAR,
    latitude       DOUBLE,
    longitude      DOUBLE,
    event_date     DATE,
    date_precision VARCHAR,
    reported_on    DATE,
    event_day      DATE,
    date_source    VARCHAR,
    article_id     VARCHAR,
    url            VARCHAR,
    title          VARCHAR,
    published_at   TIMESTAMP,
    evidence       VARCHAR,
    trigger_text   VARCHAR,
    trigger_start  INTEGER,
    run_id         BIGINT,
    valid_from     BIGINT NOT NULL,
    valid_to       BIGINT
);

-- event_facts without the cluster columns, as of run n: a range filter on the kept rows.
CREATE OR REPLACE MACRO event_facts_unclustered_as_of(n) AS TABLE
    SELECT event_id, type, quad_class, actor1_id, actor1_name, actor1_type, actor2_id,
           actor2_name, actor2_type, participants, place_id, place_name, country_code, latitude,
           longitude, event_date, date_precision, reported_on, event_day, date_source, article_id,
           url, title, published_at, evidence, trigger_text, trigger_start, run_id
    FROM event_facts_history
    WHERE valid_from <= n AND (valid_to IS NULL OR valid_to > n);
