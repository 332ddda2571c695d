-- name: who_met_whom
-- purpose: Who met whom: pairs of co-participants of meeting, talks and phone-call events over a date range (event_facts).
-- param types text: comma-separated event types counted as contact (default meeting,talks,phone_call)
-- param entity text: only pairs involving this entity (id, name or alias); none = everyone (default none)
-- param type PER|LOC|ORG|ALL: both participants of this entity type, e.g. PER for people only (default ALL)
-- param dates day|text: the date an event counts on: day = event_day (its date in the text, else the day it was reported), text = dates read from the text only (default day)
-- param date_from date: first date, inclusive; none = open (default none)
-- param date_to date: last date, inclusive; none = open (default none)
-- param limit int: rows (default 100)
-- Participants are entity-linked participants of event_facts; a pair appears once (ordered by
-- name). Events without a date count only when no date bound is given. text_dated: how many
-- of the pair's events have a date from the text (the others are dated by publication).
WITH contact AS (
    SELECT event_id, type, article_id, place_name, participants, date_source,
           CASE WHEN $dates = 'text' THEN event_date ELSE event_day END AS day
    FROM event_facts_unclustered_as_of($as_of_run)
    WHERE list_contains(list_transform(string_split($types, ','), lambda t: trim(t)), type)
      AND in_date_range(CASE WHEN $dates = 'text' THEN event_date ELSE event_day END, $date_from, $date_to)
), people AS (
    SELECT DISTINCT event_id, entity_id, name
    FROM (SELECT event_id, unnest(participants, recursive := true) FROM contact)
    WHERE role = 'participant' AND entity_id IS NOT NULL AND ($type = 'ALL' OR type = $type)
), target AS (
    SELECT entity_id FROM report_entity($as_of_run, $entity) WHERE $entity IS NOT NULL
)
SELECT x.name AS participant_a,
       y.name AS participant_b,
       count(DISTINCT c.event_id) AS events,
       count(DISTINCT c.article_id) AS articles,
       list(DISTINCT c.type ORDER BY c.type) AS types,
       list(DISTINCT c.day ORDER BY c.day) FILTER (WHERE c.day IS NOT NULL) AS dates,
       count(DISTINCT c.event_id) FILTER (WHERE c.date_source = 'text') AS text_dated,
       list(DISTINCT c.place_name ORDER BY c.place_name) FILTER (WHERE c.place_name IS NOT NULL) AS places,
       min(c.day) AS first_date,
       max(c.day) AS last_date,
       x.entity_id AS entity_a,
       y.entity_id AS entity_b
FROM people x
JOIN people y ON x.event_id = y.event_id AND (x.name, x.entity_id) < (y.name, y.entity_id)
JOIN contact c ON c.event_id = x.event_id
WHERE $entity IS NULL
   OR x.entity_id IN (SELECT entity_id FROM target)
   OR y.entity_id IN (SELECT entity_id FROM target)
GROUP BY x.entity_id, x.name, y.entity_id, y.name
ORDER BY events DESC, last_date DESC NULLS LAST, participant_a, participant_b
LIMIT $limit;
