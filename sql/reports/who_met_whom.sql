-- name: who_met_whom
-- purpose: Who met whom: pairs of co-participants of meeting, talks and phone-call events over an event-date range.
-- param types text: comma-separated event types counted as contact (default meeting,talks,phone_call)
-- param entity text: only pairs involving this entity (id, name or alias); none = everyone (default none)
-- param type PER|LOC|ORG|ALL: both participants of this entity type, e.g. PER for people only (default ALL)
-- param date_from date: first event date, inclusive; none = open (default none)
-- param date_to date: last event date, inclusive; none = open (default none)
-- param limit int: rows (default 100)
-- Participants are entity-linked arguments; a pair appears once (ordered by name). Undated
-- events count only when no date bound is given.
WITH contact AS (
    SELECT ev.event_id, ev.type, ev.event_date, ev.article_id
    FROM report_events($as_of_run, $date_from, $date_to) ev
    WHERE list_contains(list_transform(string_split($types, ','), lambda t: trim(t)), ev.type)
), people AS (
    SELECT DISTINCT r.event_id, r.entity_id, r.name
    FROM report_event_roles($as_of_run) r
    SEMI JOIN contact c ON c.event_id = r.event_id
    WHERE r.role = 'participant' AND r.entity_id IS NOT NULL
      AND ($type = 'ALL' OR r.entity_type = $type)
), places AS (
    SELECT event_id, list(DISTINCT name ORDER BY name) AS places
    FROM report_event_roles($as_of_run)
    WHERE role = 'place'
    GROUP BY event_id
), target AS (
    SELECT entity_id FROM report_entity($as_of_run, $entity) WHERE $entity IS NOT NULL
)
SELECT x.name AS participant_a,
       y.name AS participant_b,
       count(DISTINCT c.event_id) AS events,
       count(DISTINCT c.article_id) AS articles,
       list(DISTINCT c.type ORDER BY c.type) AS types,
       list(DISTINCT c.event_date ORDER BY c.event_date) FILTER (WHERE c.event_date IS NOT NULL) AS dates,
       flatten(list(p.places) FILTER (WHERE p.places IS NOT NULL)).list_distinct().list_sort() AS places,
       min(c.event_date) AS first_date,
       max(c.event_date) AS last_date,
       x.entity_id AS entity_a,
       y.entity_id AS entity_b
FROM people x
JOIN people y ON x.event_id = y.event_id AND (x.name, x.entity_id) < (y.name, y.entity_id)
JOIN contact c ON c.event_id = x.event_id
LEFT JOIN places p ON p.event_id = x.event_id
WHERE $entity IS NULL
   OR x.entity_id IN (SELECT entity_id FROM target)
   OR y.entity_id IN (SELECT entity_id FROM target)
GROUP BY x.entity_id, x.name, y.entity_id, y.name
ORDER BY events DESC, last_date DESC NULLS LAST, participant_a, participant_b
LIMIT $limit;
