-- The rows of the events in fact_events as of run $run_id: event_facts_as_of (migration 007)
-- without its cluster columns, for these events only. Entity names and types come from the
-- registry as entities_as_of gives them (first registration, redirected ids left out).
-- $one_phrase: names of one phrase are one actor (migration 016; false replays a warehouse
-- migration 009 upgrades before 016 exists, as the code of then chose).
INSERT INTO event_facts_history BY NAME
WITH ev AS (
    SELECT * FROM events_as_of($run_id) WHERE event_id IN (SELECT event_id FROM fact_events)
), args AS (
    SELECT * FROM event_arguments_as_of($run_id) WHERE event_id IN (SELECT event_id FROM fact_events)
    -- a NULL side before migration 014 exists, a NULL nominative before 017: migration 009 replays
    -- the runs with this file
    UNION ALL BY NAME SELECT NULL::VARCHAR AS side, NULL::VARCHAR AS nominative WHERE false
), en AS (
    SELECT entity_id, type, name
    FROM entities_history
    WHERE run_id IN (SELECT run_id FROM committed_runs_as_of($run_id))
      AND entity_id IN (SELECT entity_id FROM args)
      AND entity_id NOT IN (SELECT entity_id FROM entity_redirects_as_of($run_id))
    QUALIFY row_number() OVER (PARTITION BY entity_id ORDER BY run_id) = 1
), article AS (
    SELECT article_id, url, title, published_at, text
    FROM articles_as_of($run_id)
    WHERE article_id IN (SELECT article_id FROM ev)
), parties AS (
    SELECT ea.event_id, ea.article_id, ea.role, ea.start, ea.stop, ea.entity_id, ea.side,
           coalesce(ea.entity_id, lower(coalesce(ea.nominative, ea.text))) AS party,
           coalesce(en.name, ea.nominative, ea.text) AS name, en.type AS entity_type,
           CASE ea.role WHEN 'participant' THEN 1 ELSE 2 END AS role_rank,
           CASE ea.side WHEN 'subject' THEN 0 WHEN 'counterpart' THEN 2 ELSE 1 END AS side_rank
    FROM args ea
    LEFT JOIN en ON en.entity_id = ea.entity_id
    WHERE ea.role IN ('participant', 'target')
), shared AS (   -- events of several parties: the only ones whose phrases matter
    SELECT event_id FROM parties GROUP BY event_id HAVING count(DISTINCT party) > 1
), spans AS (   -- the event's parties' spans in text order, each with the gap to the one before
    SELECT event_id, article_id, start, stop, named, person,
           lag(stop) OVER (PARTITION BY event_id ORDER BY start, stop) AS before_stop
    FROM (SELECT DISTINCT event_id, article_id, start, stop, entity_id IS NOT NULL AS named,
                 entity_type = 'PER' AS person
          FROM parties WHERE event_id IN (SELECT event_id FROM shared))
), joined AS (   -- a name with only spaces, or an opening bracket, after the span before it
    SELECT s.event_id, s.start, s.stop
    FROM spans s
    JOIN article t ON t.article_id = s.article_id
    WHERE $one_phrase AND s.named AND s.start > s.before_stop AND s.start - s.before_stop <= 3
      AND regexp_full_match(substring(t.text, s.before_stop + 1, s.start - s.before_stop), '\s+|\s*\(\s*')
), phrases AS (   -- spans joined so make one phrase: "Комиссия Московского управления ФАС России"
    SELECT s.event_id, s.start, s.stop, s.person,
           sum(CASE WHEN j.start IS NULL THEN 1 ELSE 0 END)
               OVER (PARTITION BY s.event_id ORDER BY s.start, s.stop) AS phrase
    FROM spans s
    LEFT JOIN joined j ON j.event_id = s.event_id AND j.start = s.start AND j.stop = s.stop
), mates AS (   -- each party's parties of one phrase with it; whether a person is named after it
    SELECT p.event_id, p.party,
           list(DISTINCT q.party) FILTER (WHERE q.party <> p.party) AS mates,
           bool_or(y.person AND y.start > p.stop) AS owned
    FROM parties p
    JOIN phrases x ON x.event_id = p.event_id AND x.start = p.start AND x.stop = p.stop
    JOIN phrases y ON y.event_id = x.event_id AND y.phrase = x.phrase
    JOIN parties q ON q.event_id = y.event_id AND q.start = y.start AND q.stop = y.stop
    GROUP BY ALL
), actors AS (
    SELECT p.*, coalesce(m.owned, false) AS owned
    FROM parties p
    LEFT JOIN mates m ON m.event_id = p.event_id AND m.party = p.party
    QUALIFY row_number() OVER (PARTITION BY p.event_id, p.party ORDER BY p.role_rank, p.start) = 1
), sided AS (
    -- a name right before a person's is whom the person belongs to ("гражданин Алжира Мохаммед
    -- Мера", "пресс-секретарь Порошенко Святослав Цеголко"): the person comes first; then the
    -- subject's side, parties of no side, the counterpart's (event_arguments.side)
    SELECT event_id,
           list({'entity_id': entity_id, 'name': name, 'type': entity_type, 'role': role, 'side': side}
                ORDER BY owned, role_rank, side_rank, start) AS parties
    FROM actors
    GROUP BY event_id
), cast_list AS (
    SELECT s.event_id,
           list_transform(parties, lambda p: {'entity_id': p.entity_id, 'name': p.name, 'type': p.type,
                                              'role': p.role}) AS participants,
           -- actor2: the counterpart (of an actor1 that is none), else the first party not on
           -- actor1's side; never a name of one phrase with actor1 ("Палата представителей США",
           -- "ЦК КПРФ": the body and whom it belongs to are one actor)
           coalesce(list_filter(parties[2:], lambda p: p.side = 'counterpart'
                                AND parties[1].side IS DISTINCT FROM 'counterpart'
                                AND NOT list_contains(coalesce(m.mates, []), coalesce(p.entity_id, lower(p.name))))[1],
                    list_filter(parties[2:], lambda p: (p.side IS NULL OR parties[1].side IS NULL
                                OR p.side <> parties[1].side)
                                AND NOT list_contains(coalesce(m.mates, []), coalesce(p.entity_id, lower(p.name))))[1]) AS actor2
    FROM sided s
    LEFT JOIN mates m ON m.event_id = s.event_id AND m.party = coalesce(s.parties[1].entity_id, lower(s.parties[1].name))
), places AS (
    SELECT ea.event_id, ea.entity_id AS place_id, coalesce(en.name, ea.nominative, ea.text) AS place_name,
           pl.country_code, pl.latitude, pl.longitude
    FROM args ea
    LEFT JOIN en ON en.entity_id = ea.entity_id
    LEFT JOIN entity_places pl
           ON pl.entity_id = ea.entity_id AND pl.run_id IN (SELECT run_id FROM committed_runs_as_of($run_id))
    WHERE ea.role = 'place'
    QUALIFY row_number() OVER (PARTITION BY ea.event_id ORDER BY ea.start) = 1
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
