-- The rows of the events in fact_events as of run $run_id: event_facts_as_of (migration 007)
-- without its cluster columns, for these events only. Entity names and types come from the
-- registry as entities_as_of gives them (first registration, redirected ids left out).
INSERT INTO event_facts_history BY NAME
WITH ev AS (
    SELECT * FROM events_as_of($run_id) WHERE event_id IN (SELECT event_id FROM fact_events)
), args AS (
    SELECT * FROM event_arguments_as_of($run_id) WHERE event_id IN (SELECT event_id FROM fact_events)
    -- a NULL side before migration 014 exists: migration 009 replays the runs with this file
    UNION ALL BY NAME SELECT NULL::VARCHAR AS side WHERE false
), en AS (
    SELECT entity_id, type, name
    FROM entities_history
    WHERE run_id IN (SELECT run_id FROM committed_runs_as_of($run_id))
      AND entity_id IN (SELECT entity_id FROM args)
      AND entity_id NOT IN (SELECT entity_id FROM entity_redirects_as_of($run_id))
    QUALIFY row_number() OVER (PARTITION BY entity_id ORDER BY run_id) = 1
), actors AS (
    SELECT ea.event_id, ea.role, ea.start, ea.entity_id, ea.side,
           coalesce(en.name, ea.text) AS name, en.type AS entity_type,
           CASE ea.role WHEN 'participant' THEN 1 ELSE 2 END AS role_rank,
           CASE ea.side WHEN 'subject' THEN 0 WHEN 'counterpart' THEN 2 ELSE 1 END AS side_rank
    FROM args ea
    LEFT JOIN en ON en.entity_id = ea.entity_id
    WHERE ea.role IN ('participant', 'target')
    QUALIFY row_number() OVER (PARTITION BY ea.event_id, coalesce(ea.entity_id, lower(ea.text))
                               ORDER BY role_rank, ea.start) = 1
), sided AS (   -- the subject's side, then parties of no side, then the counterpart's (event_arguments.side)
    SELECT event_id,
           list({'entity_id': entity_id, 'name': name, 'type': entity_type, 'role': role, 'side': side}
                ORDER BY role_rank, side_rank, start) AS parties
    FROM actors
    GROUP BY event_id
), cast_list AS (
    SELECT event_id,
           list_transform(parties, lambda p: {'entity_id': p.entity_id, 'name': p.name, 'type': p.type,
                                              'role': p.role}) AS participants,
           -- actor2: the counterpart (of an actor1 that is none), else the first party not on
           -- actor1's side
           coalesce(list_filter(parties[2:], lambda p: p.side = 'counterpart'
                                AND parties[1].side IS DISTINCT FROM 'counterpart')[1],
                    list_filter(parties[2:], lambda p: p.side IS NULL OR parties[1].side IS NULL
                                OR p.side <> parties[1].side)[1]) AS actor2
    FROM sided
), places AS (
    SELECT ea.event_id, ea.entity_id AS place_id, coalesce(en.name, ea.text) AS place_name,
           pl.country_code, pl.latitude, pl.longitude
    FROM args ea
    LEFT JOIN en ON en.entity_id = ea.entity_id
    LEFT JOIN entity_places pl
           ON pl.entity_id = ea.entity_id AND pl.run_id IN (SELECT run_id FROM committed_runs_as_of($run_id))
    WHERE ea.role = 'place'
    QUALIFY row_number() OVER (PARTITION BY ea.event_id ORDER BY ea.start) = 1
), article AS (
    SELECT article_id, url, title, published_at, text
    FROM articles_as_of($run_id)
    WHERE article_id IN (SELECT article_id FROM ev)
)
SELECT ev.event_id,
       ev.type,
       ev.quad_class,
       c.participants[1].entity_id AS actor1_id,
       c.participants[1].name AS actor1_name,
       c.participants[1].type AS actor1_type,
       c.actor2.entity_id AS actor2_id,
       c.actor2.name AS actor2_name,
       c.actor2.type AS actor2_type,
       coalesce(c.participants,
                []::STRUCT(entity_id VARCHAR, name VARCHAR, type VARCHAR, role VARCHAR)[])
           AS participants,
       p.place_id,
       p.place_name,
       p.country_code,
       p.latitude,
       p.longitude,
       ev.event_date,
       ev.date_precision,
       ev.reported_on,
       ev.event_day,
       ev.date_source,
       ev.article_id,
       a.url,
       a.title,
       a.published_at,
       CASE WHEN ev.sentence_start IS NOT NULL
            THEN substring(a.text, ev.sentence_start + 1, ev.sentence_stop - ev.sentence_start)
       END AS evidence,
       ev.trigger_text,
       ev.trigger_start,
       -- run_id, and confidence once migration 013 added it: migration 009 replays the runs
       -- with this file before 013 exists
       COLUMNS('^(run_id|confidence)$'),
       $run_id AS valid_from,
       NULL AS valid_to
FROM ev
LEFT JOIN cast_list c ON c.event_id = ev.event_id
LEFT JOIN places p ON p.event_id = ev.event_id
LEFT JOIN article a ON a.article_id = ev.article_id
ORDER BY ev.event_day NULLS LAST, ev.article_id, ev.trigger_start;
