-- name: event_timeline
-- purpose: Events in date order with their participants, places and targets; all events or those of one entity.
-- param entity text: only events with this entity as an argument (id, name or alias); none = all events (default none)
-- param type text: event type from event_types, or ALL (default ALL)
-- param date_from date: first event date, inclusive; none = open (default none)
-- param date_to date: last event date, inclusive; none = open (default none)
-- param limit int: rows (default 200)
-- Dates are event dates (not publication dates). Undated events are listed last, and only
-- when no date bound is given.
WITH roles AS (
    SELECT event_id,
           list(DISTINCT name ORDER BY name) FILTER (WHERE role = 'participant') AS participants,
           list(DISTINCT name ORDER BY name) FILTER (WHERE role = 'target') AS targets,
           list(DISTINCT name ORDER BY name) FILTER (WHERE role = 'place') AS places,
           list(DISTINCT entity_id) FILTER (WHERE entity_id IS NOT NULL) AS entity_ids
    FROM report_event_roles($as_of_run)
    GROUP BY event_id
)
SELECT ev.event_date,
       ev.date_precision,
       ev.type,
       ev.quad_class,
       ev.trigger_text,
       coalesce(r.participants, []) AS participants,
       coalesce(r.places, []) AS places,
       coalesce(r.targets, []) AS targets,
       ev.event_id,
       ev.article_id,
       a.title,
       ev.sentence_index
FROM report_events($as_of_run, $date_from, $date_to) ev
LEFT JOIN roles r ON r.event_id = ev.event_id
LEFT JOIN articles_as_of($as_of_run) a ON a.article_id = ev.article_id
WHERE ($type = 'ALL' OR ev.type = $type)
  AND ($entity IS NULL
       OR list_contains(r.entity_ids, (SELECT entity_id FROM report_entity($as_of_run, $entity))))
ORDER BY ev.event_date NULLS LAST, ev.article_id, ev.trigger_start
LIMIT $limit;
