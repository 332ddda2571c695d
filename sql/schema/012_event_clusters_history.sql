-- event_clusters kept by the load: one row per cluster version with its validity range, so the
-- event_clusters report reads a table instead of recomputing every cluster per query.
-- Every event of a cluster shares its type, event_date and date_precision (the groups that link
-- events are keyed by them), so a cluster depends only on the events of that key. A run
-- recomputes the clusters of the keys whose event_facts_history rows it opened or closed (its
-- articles' events, and those whose entities it redirected or registered), as of itself, and
-- writes the clusters that differ: their previous rows get valid_to = the run, the new ones
-- valid_from = the run (tasks/warehouse/event_facts.py, sql/event_facts/clusters.sql), so
--     valid_from <= n AND (valid_to IS NULL OR valid_to > n)
-- is event_clusters_as_of(n). tasks/warehouse/migrate.py fills it right after this file by
-- replaying the committed runs.
CREATE TABLE IF NOT EXISTS event_clusters_history (
    cluster_id     VARCHAR NOT NULL,
    type           VARCHAR,
    event_date     DATE,
    date_precision VARCHAR,
    participants   VARCHAR[],
    num_articles   BIGINT,
    num_mentions   BIGINT,
    event_ids      VARCHAR[],
    num_copies     BIGINT,
    valid_from     BIGINT NOT NULL,
    valid_to       BIGINT
);

-- event_clusters_as_of(n) from the kept rows: a range filter.
CREATE OR REPLACE MACRO event_clusters_kept_as_of(n) AS TABLE
    SELECT cluster_id, type, event_date, date_precision, participants, num_articles,
           num_mentions, event_ids, num_copies
    FROM event_clusters_history
    WHERE valid_from <= n AND (valid_to IS NULL OR valid_to > n);

-- event_pairs_history: who_met_whom's pairs, one row per event_facts_history row and pair of
-- entity-linked participants (role participant) of it, ordered by (name, entity_id), with that
-- row's validity range: the load writes the pairs of the rows a run writes and closes those of
-- the rows it closes (sql/event_facts/pairs.sql), so event_pairs_as_of(n) is a range filter
-- and the report groups pairs instead of unnesting and joining every event's participants.
-- Filled here from event_facts_history, whose rows already carry their ranges.
CREATE TABLE IF NOT EXISTS event_pairs_history (
    event_id    VARCHAR NOT NULL,
    type        VARCHAR,
    article_id  VARCHAR,
    place_name  VARCHAR,
    event_date  DATE,
    event_day   DATE,
    date_source VARCHAR,
    entity_a    VARCHAR NOT NULL,
    name_a      VARCHAR,
    type_a      VARCHAR,
    entity_b    VARCHAR NOT NULL,
    name_b      VARCHAR,
    type_b      VARCHAR,
    valid_from  BIGINT NOT NULL,
    valid_to    BIGINT
);

CREATE OR REPLACE MACRO event_pairs_as_of(n) AS TABLE
    SELECT event_id, type, article_id, place_name, event_date, event_day, date_source,
           entity_a, name_a, type_a, entity_b, name_b, type_b
    FROM event_pairs_history
    WHERE valid_from <= n AND (valid_to IS NULL OR valid_to > n);

INSERT INTO event_pairs_history BY NAME
WITH people AS (
    SELECT DISTINCT event_id, valid_from, p.entity_id AS entity_id, p.name AS name, p.type AS entity_type
    FROM (SELECT event_id, valid_from, unnest(participants) AS p FROM event_facts_history)
    WHERE p.role = 'participant' AND p.entity_id IS NOT NULL
)
SELECT f.event_id, f.type, f.article_id, f.place_name, f.event_date, f.event_day, f.date_source,
       x.entity_id AS entity_a, x.name AS name_a, x.entity_type AS type_a,
       y.entity_id AS entity_b, y.name AS name_b, y.entity_type AS type_b,
       f.valid_from, f.valid_to
FROM people x
JOIN people y ON x.event_id = y.event_id AND x.valid_from = y.valid_from
             AND (x.name, x.entity_id) < (y.name, y.entity_id)
JOIN event_facts_history f ON f.event_id = x.event_id AND f.valid_from = x.valid_from
ORDER BY f.valid_from, f.event_day;
