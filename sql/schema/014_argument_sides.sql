-- Which side of an event each party is on (extractor 2025.12.10): event_arguments_history gains
-- `side`, `subject` or `counterpart` where the sentence names a counterpart in a "с" phrase
-- ("ExxonMobil и Chevron-Texaco вели переговоры с ЛУКОЙЛом": the two companies are the subject,
-- ЛУКОЙЛ the counterpart), else NULL. who_met_whom's pairs (event_pairs_history) leave out two
-- parties on the same side, and event_facts lists a role's parties the subject's side first,
-- then those of no side, then the counterpart's, and takes as actor2 the counterpart (of an
-- actor1 that is none), else the first party not on actor1's side (sql/event_facts/insert.sql
-- does the same for the load). Rows extracted before this migration have no side, and their pairs
-- stand as they were, until `khronika reprocess` re-extracts them.
ALTER TABLE event_arguments_history ADD COLUMN IF NOT EXISTS side VARCHAR;

CREATE OR REPLACE MACRO event_arguments_as_of(n) AS TABLE
    SELECT ea.event_id, ea.role, ea.start, ea.stop, ea.text, coalesce(r.target_id, ea.entity_id) AS entity_id,
           ea.article_id, ea.run_id, ea.confidence, ea.side
    FROM event_arguments_history ea
    LEFT JOIN entity_redirects_as_of(n) r ON r.entity_id = ea.entity_id
    WHERE ea.run_id IN (SELECT run_id FROM committed_runs_as_of(n))
      AND (ea.valid_to IS NULL OR ea.valid_to > n);

CREATE OR REPLACE VIEW event_arguments AS SELECT * FROM event_arguments_as_of(9223372036854775807);

-- event_facts as in 013, its parties side by side: the subject's side first, then no side, then
-- the counterpart's; actor2 the counterpart, else the first party not on actor1's side.
CREATE OR REPLACE MACRO event_facts_as_of(n) AS TABLE
    WITH actors AS (
        SELECT ea.event_id, ea.role, ea.start, ea.entity_id, ea.side,
               coalesce(en.name, ea.text) AS name, en.type AS entity_type,
               CASE ea.role WHEN 'participant' THEN 1 ELSE 2 END AS role_rank,
               CASE ea.side WHEN 'subject' THEN 0 WHEN 'counterpart' THEN 2 ELSE 1 END AS side_rank
        FROM event_arguments_as_of(n) ea
        LEFT JOIN entities_as_of(n) en ON en.entity_id = ea.entity_id
        WHERE ea.role IN ('participant', 'target')
        QUALIFY row_number() OVER (PARTITION BY ea.event_id, coalesce(ea.entity_id, lower(ea.text))
                                   ORDER BY role_rank, ea.start) = 1
    ), sided AS (
        SELECT event_id,
               list({'entity_id': entity_id, 'name': name, 'type': entity_type, 'role': role, 'side': side}
                    ORDER BY role_rank, side_rank, start) AS parties
        FROM actors
        GROUP BY event_id
    ), cast_list AS (
        SELECT event_id,
               list_transform(parties, lambda p: {'entity_id': p.entity_id, 'name': p.name, 'type': p.type,
                                                  'role': p.role}) AS participants,
               -- actor2: the counterpart of a party that is none, else the first party not on
               -- actor1's side
               coalesce(list_filter(parties[2:], lambda p: p.side = 'counterpart'
                                    AND parties[1].side IS DISTINCT FROM 'counterpart')[1],
                        list_filter(parties[2:], lambda p: p.side IS NULL OR parties[1].side IS NULL
                                    OR p.side <> parties[1].side)[1]) AS actor2
        FROM sided
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

CREATE OR REPLACE VIEW event_facts AS SELECT * FROM event_facts_as_of(9223372036854775807);
