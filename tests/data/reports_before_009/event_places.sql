-- name: event_places
-- purpose: Where events happen: each event place with its coordinates (when its place is geocoded), how many events and of which types (event_facts).
-- param type text: event type from event_types, or ALL (default ALL)
-- param dates day|text: the date an event is filed under: day = event_day, text = dates read from the text only (default day)
-- param date_from date: first date, inclusive; none = open (default none)
-- param date_to date: last date, inclusive; none = open (default none)
-- param limit int: rows (default 500)
-- latitude / longitude / country_code come from event_facts (NULL until the place is linked
-- to a geocoded entity). Places without an entity are grouped by name.
WITH facts AS (
    SELECT *, CASE WHEN $dates = 'text' THEN event_date ELSE event_day END AS day
    FROM event_facts_as_of($as_of_run)
    WHERE place_name IS NOT NULL AND ($type = 'ALL' OR type = $type)
)
SELECT coalesce(place_id, place_name) AS place_key,
       place_id,
       any_value(place_name ORDER BY place_name) AS place_name,
       any_value(country_code) FILTER (WHERE country_code IS NOT NULL) AS country_code,
       any_value(latitude) FILTER (WHERE latitude IS NOT NULL) AS latitude,
       any_value(longitude) FILTER (WHERE longitude IS NOT NULL) AS longitude,
       count(*) AS events,
       count(DISTINCT article_id) AS articles,
       list(DISTINCT type ORDER BY type) AS types,
       min(day) AS first_day,
       max(day) AS last_day
FROM facts
WHERE in_date_range(day, $date_from, $date_to)
GROUP BY coalesce(place_id, place_name), place_id
ORDER BY events DESC, place_name
LIMIT $limit;
