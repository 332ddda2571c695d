-- name: event_timeline
-- purpose: Events in date order with their participants, places, targets and evidence sentence (event_facts); all events or those of one entity.
-- param entity text: only events with this entity as a participant, target or place (id, name or alias); none = all events (default none)
-- param type text: event type from event_types, or ALL (default ALL)
-- param dates day|text: the date an event is filed under: day = event_day (its date in the text, else the day it was reported), text = dates read from the text only (default day)
-- param date_from date: first date, inclusive; none = open (default none)
-- param date_to date: last date, inclusive; none = open (default none)
-- param min_confidence number: only events at least this sure (events.confidence, 0-1; README "How sure an event is"); none = every event (default none)
-- param limit int: rows (default 200)
-- event_date is the date read from the text, event_day that or the publication day, and
-- date_source says which. Events without a date are listed last, and only when no date bound
-- is given.
WITH facts AS (   -- event_facts_unclustered_as_of's rows, with their row ids
    SELECT rowid AS fact_row, event_id, type, participants, place_id, article_id, trigger_start,
           CASE WHEN $dates = 'text' THEN event_date ELSE event_day END AS day
    FROM event_facts_history
    WHERE valid_from <= $as_of_run AND (valid_to IS NULL OR valid_to > $as_of_run)
      AND ($type = 'ALL' OR type = $type)
      AND ($min_confidence IS NULL OR confidence >= $min_confidence)
), target AS (
    SELECT entity_id FROM report_entity($as_of_run, $entity) WHERE $entity IS NOT NULL
), page AS (   -- the page's row ids first: the top-N reads only the columns it sorts and
    -- filters on, and the wide ones (evidence, title, url) are fetched for its rows alone
    SELECT f.fact_row, f.day, f.article_id, f.trigger_start
    FROM facts f
    WHERE in_date_range(f.day, $date_from, $date_to)
      AND ($entity IS NULL
           OR list_contains(list_append([p.entity_id FOR p IN f.participants], f.place_id),
                            (SELECT entity_id FROM target)))
    ORDER BY f.day NULLS LAST, f.article_id, f.trigger_start
    LIMIT $limit
)
SELECT f.event_day,
       f.date_source,
       f.event_date,
       f.date_precision,
       f.type,
       f.quad_class,
       f.trigger_text,
       [p.name FOR p IN f.participants IF p.role = 'participant'] AS participants,
       CASE WHEN f.place_name IS NULL THEN [] ELSE [f.place_name] END AS places,
       [p.name FOR p IN f.participants IF p.role = 'target'] AS targets,
       f.evidence,
       f.event_id,
       f.article_id,
       f.title,
       f.url,
       f.reported_on
FROM page k
JOIN event_facts_history f ON f.rowid = k.fact_row
ORDER BY k.day NULLS LAST, k.article_id, k.trigger_start;
