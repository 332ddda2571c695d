-- event_pairs_history follows the event_facts_history rows run $run_id closed and wrote
-- (migration 012): their pairs close and open with them. Two parties on the same side of an
-- event (event_arguments.side, migration 014) make no pair, nor does a party of no side when the
-- event names both sides.
UPDATE event_pairs_history SET valid_to = $run_id
WHERE valid_to IS NULL
  AND event_id IN (SELECT event_id FROM event_facts_history WHERE valid_to = $run_id);
INSERT INTO event_pairs_history BY NAME
WITH facts AS (
    SELECT * FROM event_facts_history WHERE valid_from = $run_id
), sided AS (   -- each argument's side, where the text gives one (migration 014)
    SELECT * FROM event_arguments_as_of($run_id)
    WHERE event_id IN (SELECT event_id FROM facts)
    -- a NULL side before migration 014 exists: migration 012 replays the runs with this file
    UNION ALL BY NAME SELECT NULL::VARCHAR AS side WHERE false
), sides AS (
    SELECT event_id, entity_id, max(side) AS side
    FROM sided
    WHERE entity_id IS NOT NULL
    GROUP BY event_id, entity_id
), two_sided AS (   -- events that name both a subject and a counterpart
    SELECT event_id FROM sided GROUP BY event_id HAVING count(DISTINCT side) = 2
), people AS (
    SELECT DISTINCT pp.event_id, pp.p.entity_id AS entity_id, pp.p.name AS name, pp.p.type AS entity_type, s.side
    FROM (SELECT event_id, unnest(participants) AS p FROM facts) pp
    LEFT JOIN sides s ON s.event_id = pp.event_id AND s.entity_id = pp.p.entity_id
    WHERE pp.p.role = 'participant' AND pp.p.entity_id IS NOT NULL
)
SELECT f.event_id, f.type, f.article_id, f.place_name, f.event_date, f.event_day, f.date_source,
       x.entity_id AS entity_a, x.name AS name_a, x.entity_type AS type_a,
       y.entity_id AS entity_b, y.name AS name_b, y.entity_type AS type_b,
       -- valid_to, and confidence once migration 013 added it: migration 012 replays the runs
       -- with this file before 013 exists
       f.valid_from, COLUMNS('^(valid_to|confidence)$')
FROM people x
JOIN people y ON x.event_id = y.event_id AND (x.name, x.entity_id) < (y.name, y.entity_id)
               -- two parties on one side did not meet each other ("A и B вели переговоры с C"),
               -- and where both sides are named, a party on neither is no party to the meeting
               -- ("BP заключила соглашение с Оманом о развитии месторождений Блока 61")
               AND CASE WHEN x.side IS NOT NULL AND y.side IS NOT NULL THEN x.side <> y.side
                        ELSE x.event_id NOT IN (SELECT event_id FROM two_sided) END
JOIN facts f ON f.event_id = x.event_id
ORDER BY f.event_day;
