-- How sure the extractor is of each event and argument. events_history gains `confidence`, the
-- trigger model's probability that the trigger's words name an event (the best of its words'
-- scores): NULL for statements (reporting verbs, which the rules read by themselves).
-- event_arguments_history gains the role model's probability of the argument's role: NULL for
-- what the rules add beyond the model's candidates (pronouns, titles, dates without the model).
-- Both are NULL without the models, and for rows extracted before this migration until
-- `khronika reprocess` re-extracts them. events, event_arguments, event_facts,
-- event_facts_history and (the event's) event_pairs_history carry them, so who_met_whom and
-- event_timeline can keep the events at least as sure as a `min_confidence`.
ALTER TABLE events_history ADD COLUMN IF NOT EXISTS confidence DOUBLE;
ALTER TABLE event_arguments_history ADD COLUMN IF NOT EXISTS confidence DOUBLE;
ALTER TABLE event_facts_history ADD COLUMN IF NOT EXISTS confidence DOUBLE;
ALTER TABLE event_pairs_history ADD COLUMN IF NOT EXISTS confidence DOUBLE;

CREATE OR REPLACE MACRO event_pairs_as_of(n) AS TABLE
    SELECT event_id, type, article_id, place_name, event_date, event_day, date_source,
           entity_a, name_a, type_a, entity_b, name_b, type_b, confidence
    FROM event_pairs_history
    WHERE valid_from <= n AND (valid_to IS NULL OR valid_to > n);

CREATE OR REPLACE MACRO event_arguments_as_of(n) AS TABLE
    SELECT ea.event_id, ea.role, ea.start, ea.stop, ea.text, coalesce(r.target_id, ea.entity_id) AS entity_id,
           ea.article_id, ea.run_id, ea.confidence
    FROM event_arguments_history ea
    LEFT JOIN entity_redirects_as_of(n) r ON r.entity_id = ea.entity_id
    WHERE ea.run_id IN (SELECT run_id FROM committed_runs_as_of(n))
      AND (ea.valid_to IS NULL OR ea.valid_to > n);

CREATE OR REPLACE VIEW event_arguments AS SELECT * FROM event_arguments_as_of(9223372036854775807);

CREATE OR REPLACE MACRO events_as_of(n) AS TABLE
    SELECT ev.event_id, ev.article_id, ev.type, ev.quad_class, ev.trigger_start, ev.trigger_stop,
           ev.trigger_text, ev.trigger_lemma, ev.event_date, ev.date_precision,
           ev.sentence_index, ev.run_id,
           CAST(a.published_at AS DATE) AS reported_on,
           coalesce(ev.event_date, CAST(a.published_at AS DATE)) AS event_day,
           CASE WHEN ev.event_date IS NOT NULL THEN 'text'
                WHEN a.published_at IS NOT NULL THEN 'publication' END AS date_source,
           ev.sentence_start, ev.sentence_stop, ev.confidence
    FROM events_history ev
    LEFT JOIN articles_as_of(n) a ON a.article_id = ev.article_id
    WHERE ev.run_id IN (SELECT run_id FROM committed_runs_as_of(n))
      AND (ev.valid_to IS NULL OR ev.valid_to > n);

CREATE OR REPLACE VIEW events AS SELECT * FROM events_as_of(9223372036854775807);

-- event_facts as in 007, with the event's confidence.
CREATE OR REPLACE MACRO event_facts_as_of(n) AS TABLE
    WITH actors AS (
        SELECT ea.event_id, ea.role, ea.start, ea.entity_id,
               coalesce(en.name, ea.text) AS name, en.type AS entity_type,
               CASE ea.role WHEN 'participant' THEN 1 ELSE 2 END AS role_rank
        FROM event_arguments_as_of(n) ea
        LEFT JOIN entities_as_of(n) en ON en.entity_id = ea.entity_id
        WHERE ea.role IN ('participant', 'target')
        QUALIFY row_number() OVER (PARTITION BY ea.event_id, coalesce(ea.entity_id, lower(ea.text))
                                   ORDER BY role_rank, ea.start) = 1
    ), cast_list AS (
        SELECT event_id,
               list({'entity_id': entity_id, 'name': name, 'type': entity_type, 'role': role}
                    ORDER BY role_rank, start) AS participants
        FROM actors
        GROUP BY event_id
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
           c.participants[2].entity_id AS actor2_id,
           c.participants[2].name AS actor2_name,
           c.participants[2].type AS actor2_type,
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

CREATE OR REPLACE MACRO event_facts_unclustered_as_of(n) AS TABLE
    SELECT event_id, type, quad_class, actor1_id, actor1_name, actor1_type, actor2_id,
           actor2_name, actor2_type, participants, place_id, place_name, country_code, latitude,
           longitude, event_date, date_precision, reported_on, event_day, date_source, article_id,
           url, title, published_at, evidence, trigger_text, trigger_start, run_id, confidence
    FROM event_facts_history
    WHERE valid_from <= n AND (valid_to IS NULL OR valid_to > n);
