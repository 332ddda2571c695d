-- name: who_met_whom
-- purpose: Who met whom: pairs of co-participants of meeting, talks and phone-call events over a date range (event_facts).
-- param types text: comma-separated event types counted as contact (default meeting,talks,phone_call)
-- param entity text: only pairs involving this entity (id, name or alias); none = everyone (default none)
-- param type PER|LOC|ORG|ALL: both participants of this entity type, e.g. PER for people only (default ALL)
-- param dates day|text: the date an event counts on: day = event_day (its date in the text, else the day it was reported), text = dates read from the text only (default day)
-- param date_from date: first date, inclusive; none = open (default none)
-- param date_to date: last date, inclusive; none = open (default none)
-- param min_confidence number: only events at least this sure (events.confidence, 0-1; README "How sure an event is"); none = every event (default none)
-- param limit int: rows (default 100)
-- Participants are entity-linked participants of event_facts; a pair appears once (ordered by
-- name); two parties on the same side of an event ("A и B вели переговоры с C": A and B;
-- event_arguments.side) are no pair, nor is a party of neither side where the event names both;
-- the pairs are kept by the load (event_pairs_history). Events without a date count only when no date bound is given. text_dated: how many
-- of the pair's events have a date from the text (the others are dated by publication).
WITH contact AS (   -- pairs kept by the load (event_pairs_history, migration 012)
    SELECT *, CASE WHEN $dates = 'text' THEN event_date ELSE event_day END AS day
    FROM event_pairs_as_of($as_of_run)
    WHERE list_contains(list_transform(string_split($types, ','), lambda t: trim(t)), type)
      AND in_date_range(CASE WHEN $dates = 'text' THEN event_date ELSE event_day END, $date_from, $date_to)
      AND ($type = 'ALL' OR (type_a = $type AND type_b = $type))
      AND ($min_confidence IS NULL OR confidence >= $min_confidence)
), target AS (
    SELECT entity_id FROM report_entity($as_of_run, $entity) WHERE $entity IS NOT NULL
)
SELECT c.name_a AS participant_a,
       c.name_b AS participant_b,
       count(DISTINCT c.event_id) AS events,
       count(DISTINCT c.article_id) AS articles,
       list(DISTINCT c.type ORDER BY c.type) AS types,
       list(DISTINCT c.day ORDER BY c.day) FILTER (WHERE c.day IS NOT NULL) AS dates,
       count(DISTINCT c.event_id) FILTER (WHERE c.date_source = 'text') AS text_dated,
       list(DISTINCT c.place_name ORDER BY c.place_name) FILTER (WHERE c.place_name IS NOT NULL) AS places,
       min(c.day) AS first_date,
       max(c.day) AS last_date,
       c.entity_a,
       c.entity_b
FROM contact c
WHERE $entity IS NULL
   OR c.entity_a IN (SELECT entity_id FROM target)
   OR c.entity_b IN (SELECT entity_id FROM target)
GROUP BY c.entity_a, c.name_a, c.entity_b, c.name_b
ORDER BY events DESC, last_date DESC NULLS LAST, participant_a, participant_b
LIMIT $limit;
