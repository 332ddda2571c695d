-- name: event_clusters
-- purpose: Real-world events reported several times: events of one type and date sharing a participant, grouped, most-reported first.
-- param type text: event type from event_types, or ALL (default ALL)
-- param entity text: only clusters with this participant (id, name or alias); none = all (default none)
-- param min_articles int: keep clusters reported by at least this many articles (default 1)
-- param date_from date: first event date, inclusive; none = open (default none)
-- param date_to date: last event date, inclusive; none = open (default none)
-- param limit int: rows (default 50)
-- Clusters come from the event_clusters_as_of macro: dated events only. num_articles counts
-- stories (a syndicated copy counts as its original); num_copies counts every article.
WITH target AS (
    SELECT name FROM report_entity($as_of_run, $entity) WHERE $entity IS NOT NULL
)
SELECT c.event_date,
       c.date_precision,
       c.type,
       c.participants,
       c.num_articles,
       c.num_copies,
       c.num_mentions,
       c.cluster_id,
       c.event_ids
FROM event_clusters_as_of($as_of_run) c
WHERE ($type = 'ALL' OR c.type = $type)
  AND c.num_articles >= $min_articles
  AND in_date_range(c.event_date, $date_from, $date_to)
  AND ($entity IS NULL OR list_contains(c.participants, (SELECT name FROM target)))
ORDER BY c.num_articles DESC, c.num_mentions DESC, c.event_date DESC, c.cluster_id
LIMIT $limit;
