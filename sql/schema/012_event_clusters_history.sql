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
