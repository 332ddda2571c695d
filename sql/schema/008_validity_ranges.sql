-- Versions as validity ranges (dbt snapshots' valid_from / valid_to).
-- Every versioned history row now carries the run that replaced it, `valid_to` (NULL while it
-- is current); the run that wrote it, `run_id`, is where its range starts. So the current state
-- is `valid_to IS NULL` and "as of run n" is the range filter
--     run_id <= n AND (valid_to IS NULL OR valid_to > n)
-- with no window function over the whole history per query. (The macros also keep to committed
-- runs, as before: the load never writes rows of a run that does not commit, but a row written
-- by hand must not change what they answer; the runs table is small, so it costs a hash probe.) The load closes the ranges of the
-- rows a run replaces in the same transaction that writes the new ones (tasks/warehouse/load.py,
-- sql/load/close_ranges.sql), so only committed runs ever open or close a range.
--
-- Keys: an article version is replaced by the next version of the same article_id; an
-- extraction by the next extraction of the same article; mentions, events and event arguments
-- live exactly as long as the extraction (article_id, run_id) that wrote them.
-- The registries (entities_history, entity_redirects) are append-only and keep their macros:
-- an id is written once, by the first run that saw it.

ALTER TABLE articles_history ADD COLUMN IF NOT EXISTS valid_to BIGINT;
ALTER TABLE extractions ADD COLUMN IF NOT EXISTS valid_to BIGINT;
ALTER TABLE mentions_history ADD COLUMN IF NOT EXISTS valid_to BIGINT;
ALTER TABLE events_history ADD COLUMN IF NOT EXISTS valid_to BIGINT;
ALTER TABLE event_arguments_history ADD COLUMN IF NOT EXISTS valid_to BIGINT;

-- Backfill from the history the previous macros read with window functions. A row of a run
-- that never committed was never visible: its range is empty (valid_to = run_id).
UPDATE articles_history AS a SET valid_to = nxt.valid_to
FROM (
    SELECT h.article_id, h.run_id,
           CASE WHEN r.status IS DISTINCT FROM 'committed' THEN h.run_id
                ELSE lead(h.run_id) OVER (PARTITION BY h.article_id, r.status = 'committed'
                                          ORDER BY h.run_id) END AS valid_to
    FROM articles_history h LEFT JOIN runs r USING (run_id)
) AS nxt
WHERE a.article_id = nxt.article_id AND a.run_id = nxt.run_id;

UPDATE extractions AS e SET valid_to = nxt.valid_to
FROM (
    SELECT x.article_id, x.run_id,
           CASE WHEN r.status IS DISTINCT FROM 'committed' THEN x.run_id
                ELSE lead(x.run_id) OVER (PARTITION BY x.article_id, r.status = 'committed'
                                          ORDER BY x.run_id) END AS valid_to
    FROM extractions x LEFT JOIN runs r USING (run_id)
) AS nxt
WHERE e.article_id = nxt.article_id AND e.run_id = nxt.run_id;

-- Derived rows end with their extraction; rows no committed extraction stands for were never
-- visible (empty range).
UPDATE mentions_history SET valid_to = run_id;
UPDATE mentions_history AS d SET valid_to = x.valid_to
FROM extractions x WHERE x.article_id = d.article_id AND x.run_id = d.run_id
  AND x.valid_to IS DISTINCT FROM x.run_id;
UPDATE events_history SET valid_to = run_id;
UPDATE events_history AS d SET valid_to = x.valid_to
FROM extractions x WHERE x.article_id = d.article_id AND x.run_id = d.run_id
  AND x.valid_to IS DISTINCT FROM x.run_id;
UPDATE event_arguments_history SET valid_to = run_id;
UPDATE event_arguments_history AS d SET valid_to = x.valid_to
FROM extractions x WHERE x.article_id = d.article_id AND x.run_id = d.run_id
  AND x.valid_to IS DISTINCT FROM x.run_id;

-- Aggregates the reports read for the current state, maintained by the load in the run's
-- transaction (tasks/warehouse/aggregates.py, one query each in sql/aggregates/). Entity ids
-- are the ones the views show, through the redirects. The migration fills them from the
-- current state (tasks/warehouse/migrate.py runs the rebuild right after this file).
CREATE TABLE IF NOT EXISTS entity_stats (     -- entities: mention_count, article_count
    entity_id VARCHAR NOT NULL,
    mentions  BIGINT NOT NULL,
    articles  BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS entity_forms (     -- entities.aliases: every form naming an entity
    entity_id VARCHAR NOT NULL,
    text      VARCHAR NOT NULL,
    mentions  BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS entity_days (      -- per publication day (NULL: undated articles)
    entity_id VARCHAR NOT NULL,
    type      VARCHAR NOT NULL,
    day       DATE,
    mentions  BIGINT NOT NULL,
    articles  BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS mention_days (     -- mentions_over_time, warehouse_summary
    day       DATE,
    type      VARCHAR NOT NULL,
    mentions  BIGINT NOT NULL,
    articles  BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS event_days (       -- events_by_type_day, warehouse_summary
    event_date DATE,
    type       VARCHAR NOT NULL,
    quad_class VARCHAR NOT NULL,
    events     BIGINT NOT NULL,
    articles   BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS co_mention_pairs ( -- co_mentions: entity_a < entity_b
    entity_a  VARCHAR NOT NULL,
    entity_b  VARCHAR NOT NULL,
    articles  BIGINT NOT NULL,
    sentences BIGINT NOT NULL
);

-- The as-of macros as range filters. Column lists and order are those of migrations 002-006.
CREATE OR REPLACE MACRO articles_as_of(n) AS TABLE
    SELECT a.article_id, a.source_id, a.source_path, a.title, a.url, a.published_at, a.source,
           a.topic, a.encoding, a.text, a.content_hash, a.run_id, a.raw_hash, a.duplicate_of,
           a.text_minhash
    FROM articles_history a
    WHERE a.run_id IN (SELECT run_id FROM committed_runs_as_of(n))
      AND (a.valid_to IS NULL OR a.valid_to > n);

CREATE OR REPLACE MACRO extractions_as_of(n) AS TABLE
    SELECT e.article_id, e.content_hash, e.extractor_version, e.run_id
    FROM extractions e
    WHERE e.run_id IN (SELECT run_id FROM committed_runs_as_of(n))
      AND (e.valid_to IS NULL OR e.valid_to > n);

CREATE OR REPLACE MACRO mentions_as_of(n) AS TABLE
    SELECT m.mention_id, m.article_id, m.start, m.stop, m.type, m.text, m.normal,
           m.first_name, m.last_name, m.middle_name, coalesce(r.target_id, m.entity_id) AS entity_id,
           m.sentence_index, m.run_id
    FROM mentions_history m
    LEFT JOIN entity_redirects_as_of(n) r ON r.entity_id = m.entity_id
    WHERE m.run_id IN (SELECT run_id FROM committed_runs_as_of(n))
      AND (m.valid_to IS NULL OR m.valid_to > n);

CREATE OR REPLACE MACRO event_arguments_as_of(n) AS TABLE
    SELECT ea.event_id, ea.role, ea.start, ea.stop, ea.text, coalesce(r.target_id, ea.entity_id) AS entity_id,
           ea.article_id, ea.run_id
    FROM event_arguments_history ea
    LEFT JOIN entity_redirects_as_of(n) r ON r.entity_id = ea.entity_id
    WHERE ea.run_id IN (SELECT run_id FROM committed_runs_as_of(n))
      AND (ea.valid_to IS NULL OR ea.valid_to > n);

CREATE OR REPLACE MACRO events_as_of(n) AS TABLE
    SELECT ev.event_id, ev.article_id, ev.type, ev.quad_class, ev.trigger_start, ev.trigger_stop,
           ev.trigger_text, ev.trigger_lemma, ev.event_date, ev.date_precision,
           ev.sentence_index, ev.run_id,
           CAST(a.published_at AS DATE) AS reported_on,
           coalesce(ev.event_date, CAST(a.published_at AS DATE)) AS event_day,
           CASE WHEN ev.event_date IS NOT NULL THEN 'text'
                WHEN a.published_at IS NOT NULL THEN 'publication' END AS date_source,
           ev.sentence_start, ev.sentence_stop
    FROM events_history ev
    LEFT JOIN articles_as_of(n) a ON a.article_id = ev.article_id
    WHERE ev.run_id IN (SELECT run_id FROM committed_runs_as_of(n))
      AND (ev.valid_to IS NULL OR ev.valid_to > n);

-- Entity statistics over the mentions current as of run n. The current state (n = the largest
-- run id, as the views and reports without --as-of-run ask) reads the aggregates the load keeps
-- (entity_stats, entity_forms below); an earlier state counts its mentions. The branch not
-- taken is pruned when the statement is planned, as n is a constant or a bound parameter.
CREATE OR REPLACE MACRO entity_counts_as_of(n) AS TABLE
    SELECT entity_id,
           count(*) AS mention_count,
           count(DISTINCT article_id) AS article_count,
           list_sort(list_distinct(list(text))) AS aliases
    FROM mentions_as_of(n)
    WHERE n < 9223372036854775807
    GROUP BY entity_id
    UNION ALL
    SELECT s.entity_id, s.mentions, s.articles, coalesce(f.aliases, []::VARCHAR[])
    FROM entity_stats s
    LEFT JOIN (SELECT entity_id, list_sort(list(text)) AS aliases FROM entity_forms GROUP BY entity_id) f
           USING (entity_id)
    WHERE n >= 9223372036854775807;

CREATE OR REPLACE MACRO entities_as_of(n) AS TABLE
    WITH registry AS (
        SELECT entity_id, type, name, run_id AS first_run_id
        FROM entities_history
        WHERE run_id IN (SELECT run_id FROM committed_runs_as_of(n))
        QUALIFY row_number() OVER (PARTITION BY entity_id ORDER BY run_id) = 1
    )
    SELECT r.entity_id, r.type, r.name,
           coalesce(c.aliases, []::VARCHAR[]) AS aliases,
           coalesce(c.mention_count, 0) AS mention_count,
           coalesce(c.article_count, 0) AS article_count,
           r.first_run_id
    FROM registry r LEFT JOIN entity_counts_as_of(n) c USING (entity_id)
    WHERE r.entity_id NOT IN (SELECT entity_id FROM entity_redirects_as_of(n));

-- The current state: open ranges only.
CREATE OR REPLACE VIEW articles AS
    SELECT article_id, source_id, source_path, title, url, published_at, source, topic, encoding,
           text, content_hash, run_id, raw_hash, duplicate_of, text_minhash
    FROM articles_history
    WHERE valid_to IS NULL AND run_id IN (SELECT run_id FROM runs WHERE status = 'committed');
CREATE OR REPLACE VIEW mentions AS SELECT * FROM mentions_as_of(9223372036854775807);
CREATE OR REPLACE VIEW events AS SELECT * FROM events_as_of(9223372036854775807);
CREATE OR REPLACE VIEW event_arguments AS SELECT * FROM event_arguments_as_of(9223372036854775807);
-- With the place columns of 007 (entity_places).
CREATE OR REPLACE VIEW entities AS
    SELECT e.*, p.country_code, p.latitude, p.longitude, p.geonames_id, p.feature
    FROM entities_as_of(9223372036854775807) e
    LEFT JOIN entity_places p USING (entity_id);

-- Event clusters as in 003/004, with the connected components found by propagating the smallest
-- event id through the groups that link events (same type, date, precision and participant)
-- instead of listing every pair of reachable events: the pairs grow with the square of a
-- cluster, the labels with its size. Same clusters, same cluster ids (the smallest event id).
CREATE OR REPLACE MACRO event_clusters_as_of(n) AS TABLE
    WITH RECURSIVE dated AS (
        SELECT ev.event_id, ev.article_id, coalesce(ar.duplicate_of, ev.article_id) AS story_id,
               ev.type, ev.event_date, ev.date_precision
        FROM events_as_of(n) ev
        LEFT JOIN articles_as_of(n) ar ON ar.article_id = ev.article_id
        WHERE ev.event_date IS NOT NULL
    ), participation AS (
        SELECT DISTINCT a.event_id, a.entity_id
        FROM event_arguments_as_of(n) a
        WHERE a.role IN ('participant', 'target') AND a.entity_id IS NOT NULL
    ), memberships AS (  -- an event in a linking group; a NULL precision links nothing
        SELECT DISTINCT p.event_id, d.type, d.event_date, d.date_precision, p.entity_id
        FROM participation p JOIN dated d ON d.event_id = p.event_id
        WHERE d.date_precision IS NOT NULL
    ), labels(event_id, label) AS (
        SELECT DISTINCT event_id, event_id FROM memberships
        UNION
        SELECT m.event_id, min(g.label)
        FROM (SELECT mg.type, mg.event_date, mg.date_precision, mg.entity_id, min(l.label) AS label
              FROM labels l JOIN memberships mg ON mg.event_id = l.event_id
              GROUP BY ALL) g
        JOIN memberships m ON m.type = g.type AND m.event_date = g.event_date
                          AND m.date_precision = g.date_precision AND m.entity_id = g.entity_id
        WHERE g.label < m.event_id
        GROUP BY m.event_id
    ), components AS (
        SELECT event_id, min(label) AS cluster_id FROM labels GROUP BY event_id
    ), names AS (
        SELECT c.cluster_id, list_sort(list_distinct(list(en.name))) AS participants
        FROM components c
        JOIN participation p ON p.event_id = c.event_id
        JOIN entities_as_of(n) en ON en.entity_id = p.entity_id
        GROUP BY c.cluster_id
    )
    SELECT c.cluster_id,
           any_value(d.type) AS type,
           any_value(d.event_date) AS event_date,
           any_value(d.date_precision) AS date_precision,
           any_value(nm.participants) AS participants,
           count(DISTINCT d.story_id) AS num_articles,
           count(*) AS num_mentions,
           list_sort(list(d.event_id)) AS event_ids,
           count(DISTINCT d.article_id) AS num_copies
    FROM components c
    JOIN dated d ON d.event_id = c.event_id
    LEFT JOIN names nm ON nm.cluster_id = c.cluster_id
    GROUP BY c.cluster_id;
