-- One actor per phrase in event_facts (extractor unchanged). Two names with nothing but spaces
-- between them, or the second in brackets, are one phrase (as for who_met_whom's pairs, migration
-- 015): "Палата представителей США одобрила законопроект", "заседании ЦК КПРФ". The body and whom
-- it belongs to are one actor, so actor2 is never a name of one phrase with actor1 (it was США,
-- КПРФ). And a name right before a person's says whom the person belongs to ("гражданин Франции и
-- Алжира Мохаммед Мера застрелил", "пресс-секретарь Порошенко Святослав Цеголко написал"): the
-- person comes before it among the event's parties, so the person is actor1 (it was Алжир,
-- Порошенко). The arguments themselves are unchanged. event_facts_as_of below and the load
-- (sql/event_facts/insert.sql) choose the same way; tasks/warehouse/migrate.py then rebuilds
-- event_facts_history, event_pairs_history and event_clusters_history by replaying the committed
-- runs, so every run's state reads as this rule gives it.
CREATE OR REPLACE MACRO event_facts_as_of(n) AS TABLE
    WITH parties AS (
        SELECT ea.event_id, ea.article_id, ea.role, ea.start, ea.stop, ea.entity_id, ea.side,
               coalesce(ea.entity_id, lower(ea.text)) AS party,
               coalesce(en.name, ea.text) AS name, en.type AS entity_type,
               CASE ea.role WHEN 'participant' THEN 1 ELSE 2 END AS role_rank,
               CASE ea.side WHEN 'subject' THEN 0 WHEN 'counterpart' THEN 2 ELSE 1 END AS side_rank
        FROM event_arguments_as_of(n) ea
        LEFT JOIN entities_as_of(n) en ON en.entity_id = ea.entity_id
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
        JOIN articles_as_of(n) t ON t.article_id = s.article_id
        WHERE s.named AND s.start > s.before_stop AND s.start - s.before_stop <= 3
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
        SELECT event_id,
               list({'entity_id': entity_id, 'name': name, 'type': entity_type, 'role': role, 'side': side}
                    ORDER BY owned, role_rank, side_rank, start) AS parties
        FROM actors
        GROUP BY event_id
    ), cast_list AS (
        SELECT s.event_id,
               list_transform(parties, lambda p: {'entity_id': p.entity_id, 'name': p.name, 'type': p.type,
                                                  'role': p.role}) AS participants,
               coalesce(list_filter(parties[2:], lambda p: p.side = 'counterpart'
                                    AND parties[1].side IS DISTINCT FROM 'counterpart'
                                    AND NOT list_contains(coalesce(m.mates, []), coalesce(p.entity_id, lower(p.name))))[1],
                        list_filter(parties[2:], lambda p: (p.side IS NULL OR parties[1].side IS NULL
                                    OR p.side <> parties[1].side)
                                    AND NOT list_contains(coalesce(m.mates, []), coalesce(p.entity_id, lower(p.name))))[1]) AS actor2
        FROM sided s
        LEFT JOIN mates m ON m.event_id = s.event_id AND m.party = coalesce(s.parties[1].entity_id, lower(s.parties[1].name))
    ), places AS (
        SELECT ea.event_id, ea.entity_id AS place_id, coalesce(en.name, ea.text) AS place_name,
               pl.country_code, pl.latitude, pl.longitude
        FROM event_arguments_as_of(n) ea
        LEFT JOIN entities_as_of(n) en ON en.entity_id = ea.entity_id
        LEFT JOIN entity_places pl
               ON pl.entity_id = ea.entity_id AND pl.run_id IN (SELECT run_id FROM committed_runs_as_of(n))
        WHERE ea.role = 'place'
        QUALIFY row_number() OVER (PARTITION BY ea.event_id ORDER BY ea.start) = 1
    ), clustered AS (
        SELECT unnest(event_ids) AS event_id, cluster_id, num_articles
        FROM event_clusters_as_of(n)
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
           cl.cluster_id,
           coalesce(cl.num_articles, 1) AS num_articles,
           ev.trigger_text,
           ev.trigger_start,
           ev.run_id,
           ev.confidence
    FROM events_as_of(n) ev
    LEFT JOIN cast_list c ON c.event_id = ev.event_id
    LEFT JOIN places p ON p.event_id = ev.event_id
    LEFT JOIN clustered cl ON cl.event_id = ev.event_id
    LEFT JOIN articles_as_of(n) a ON a.article_id = ev.article_id;

-- The current state, the table users query, reads the tables the load keeps (event_facts_history,
-- event_clusters_history) instead of computing every event's actors, place and cluster per
-- query: at 200,000 articles a scan of it takes 0.06 s instead of 3-5 s. event_facts_as_of(n)
-- still computes any run's state from the history; tests check the two agree for every run.
CREATE OR REPLACE VIEW event_facts AS
    SELECT f.event_id, f.type, f.quad_class, f.actor1_id, f.actor1_name, f.actor1_type, f.actor2_id,
           f.actor2_name, f.actor2_type, f.participants, f.place_id, f.place_name, f.country_code,
           f.latitude, f.longitude, f.event_date, f.date_precision, f.reported_on, f.event_day,
           f.date_source, f.article_id, f.url, f.title, f.published_at, f.evidence, cl.cluster_id,
           coalesce(cl.num_articles, 1) AS num_articles, f.trigger_text, f.trigger_start, f.run_id,
           f.confidence
    FROM event_facts_unclustered_as_of(9223372036854775807) f
    LEFT JOIN (SELECT unnest(event_ids) AS event_id, cluster_id, num_articles
               FROM event_clusters_kept_as_of(9223372036854775807)) cl ON cl.event_id = f.event_id;
