-- name: events_by_type_day
-- purpose: Number of events per event date and type.
-- param type text: event type from event_types, or ALL (default ALL)
-- param date_from date: first event date, inclusive; none = open (default none)
-- param date_to date: last event date, inclusive; none = open (default none)
-- Undated events form rows with event_date NULL (listed last) when no date bound is given.
SELECT ev.event_date,
       ev.type,
       ev.quad_class,
       count(*) AS events,
       count(DISTINCT ev.article_id) AS articles
FROM report_events($as_of_run, $date_from, $date_to) ev
WHERE $type = 'ALL' OR ev.type = $type
GROUP BY ev.event_date, ev.type, ev.quad_class
ORDER BY ev.event_date NULLS LAST, events DESC, ev.type;
