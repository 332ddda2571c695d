-- name: events_by_type_day
-- purpose: Number of events per event date and type.
-- param type text: event type from event_types, or ALL (default ALL)
-- param date_from date: first event date, inclusive; none = open (default none)
-- param date_to date: last event date, inclusive; none = open (default none)
-- Undated events form rows with event_date NULL (listed last) when no date bound is given.
-- The current state reads event_days (kept by the load); an earlier one counts its events.
SELECT d.event_date, d.type, d.quad_class, CAST(sum(d.events) AS BIGINT) AS events, CAST(sum(d.articles) AS BIGINT) AS articles
FROM event_days d
WHERE $as_of_run >= 9223372036854775807
  AND in_date_range(d.event_date, $date_from, $date_to)
  AND ($type = 'ALL' OR d.type = $type)
GROUP BY d.event_date, d.type, d.quad_class
UNION ALL
SELECT ev.event_date,
       ev.type,
       ev.quad_class,
       count(*) AS events,
       count(DISTINCT ev.article_id) AS articles
FROM report_events($as_of_run, $date_from, $date_to) ev
WHERE $as_of_run < 9223372036854775807 AND ($type = 'ALL' OR ev.type = $type)
GROUP BY ev.event_date, ev.type, ev.quad_class
ORDER BY event_date NULLS LAST, events DESC, type;
