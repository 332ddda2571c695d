-- Events an analyst can use: when each event was reported, which day it stands for, the
-- sentence it was read from, and one GDELT-style fact table (event_facts).
--
-- events_history gains the evidence sentence of each event ([sentence_start, sentence_stop) of
-- its article's text). Rows written before this migration have NULL there (their evidence is
-- NULL until `khronika reprocess` re-extracts them); every other new column is computed from
-- rows the warehouse already holds, so an existing warehouse is complete at once.
ALTER TABLE events_history ADD COLUMN IF NOT EXISTS sentence_start INTEGER;
ALTER TABLE events_history ADD COLUMN IF NOT EXISTS sentence_stop INTEGER;

-- reported_on: the article's publication day (published_at is UTC, the day dates.py counts
-- relative dates from). event_day: the date from the text, else the day it was reported;
-- date_source says which (text | publication; NULL when there is neither).
CREATE OR REPLACE MACRO events_as_of(n) AS TABLE
    SELECT ev.event_id, ev.article_id, ev.type, ev.quad_class, ev.trigger_start, ev.trigger_stop,
           ev.trigger_text, ev.trigger_lemma, ev.event_date, ev.date_precision,
           ev.sentence_index, ev.run_id,
           CAST(a.published_at AS DATE) AS reported_on,
           coalesce(ev.event_date, CAST(a.published_at AS DATE)) AS event_day,
           CASE WHEN ev.event_date IS NOT NULL THEN 'text'
                WHEN a.published_at IS NOT NULL THEN 'publication' END AS date_source,
           ev.sentence_start, ev.sentence_stop
    FROM events_history ev
    SEMI JOIN extractions_as_of(n) x ON ev.article_id = x.article_id AND ev.run_id = x.run_id
    LEFT JOIN articles_as_of(n) a ON a.article_id = ev.article_id;

CREATE OR REPLACE VIEW events AS SELECT * FROM events_as_of(9223372036854775807);

-- One row per event, as GDELT's Events table: the two main actors, every participant, the
-- place, the dates, the source article, the evidence sentence and the real-world cluster.
-- Actors follow the roles: participants first, then targets, each in text order; the same
-- entity (or, unlinked, the same text) counts once. country_code, latitude and longitude are
-- NULL until places are geocoded.
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
        SELECT ea.event_id, ea.entity_id AS place_id, coalesce(en.name, ea.text) AS place_name
        FROM event_arguments_as_of(n) ea
        LEFT JOIN entities_as_of(n) en ON en.entity_id = ea.entity_id
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
           CAST(NULL AS VARCHAR) AS country_code,
           CAST(NULL AS DOUBLE) AS latitude,
           CAST(NULL AS DOUBLE) AS longitude,
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
           ev.run_id
    FROM events_as_of(n) ev
    LEFT JOIN cast_list c ON c.event_id = ev.event_id
    LEFT JOIN places p ON p.event_id = ev.event_id
    LEFT JOIN clustered cl ON cl.event_id = ev.event_id
    LEFT JOIN articles_as_of(n) a ON a.article_id = ev.article_id;

CREATE OR REPLACE VIEW event_facts AS SELECT * FROM event_facts_as_of(9223372036854775807);

COMMENT ON VIEW event_facts IS 'One row per current event, GDELT Events style; event_facts_as_of(n) answers as of run n.';
COMMENT ON COLUMN event_facts.event_id IS 'Event id: hash of the article, the type, the trigger and its local context (stable when the article is edited elsewhere).';
COMMENT ON COLUMN event_facts.type IS 'Event type from event_types (meeting, phone_call, arrest, ...).';
COMMENT ON COLUMN event_facts.quad_class IS 'GDELT-like class of the type: cooperation, conflict or neutral.';
COMMENT ON COLUMN event_facts.actor1_id IS 'entity_id of the first actor: the first participant in text order, else the first target; NULL when it is not linked to an entity.';
COMMENT ON COLUMN event_facts.actor1_name IS 'Name of the first actor: its entity''s canonical name, else its text.';
COMMENT ON COLUMN event_facts.actor1_type IS 'Entity type of the first actor (PER, ORG, LOC); NULL when not linked.';
COMMENT ON COLUMN event_facts.actor2_id IS 'entity_id of the second distinct actor (participants first, then targets).';
COMMENT ON COLUMN event_facts.actor2_name IS 'Name of the second actor.';
COMMENT ON COLUMN event_facts.actor2_type IS 'Entity type of the second actor.';
COMMENT ON COLUMN event_facts.participants IS 'Every participant and target once, participants first, in text order: list of {entity_id, name, type, role}.';
COMMENT ON COLUMN event_facts.place_id IS 'entity_id of the event''s place (the first place argument in text order).';
COMMENT ON COLUMN event_facts.place_name IS 'Canonical name of the place.';
COMMENT ON COLUMN event_facts.country_code IS 'ISO 3166-1 alpha-2 code of the place''s country; NULL until places are geocoded.';
COMMENT ON COLUMN event_facts.latitude IS 'Latitude of the place, WGS 84 degrees; NULL until places are geocoded.';
COMMENT ON COLUMN event_facts.longitude IS 'Longitude of the place, WGS 84 degrees; NULL until places are geocoded.';
COMMENT ON COLUMN event_facts.event_date IS 'Date read from the event''s own sentence (first day of the month or year for coarser precision); NULL when the text gives none.';
COMMENT ON COLUMN event_facts.date_precision IS 'Precision of event_date: day, month or year.';
COMMENT ON COLUMN event_facts.reported_on IS 'Publication day of the article (UTC date of published_at); NULL when the article has no date.';
COMMENT ON COLUMN event_facts.event_day IS 'coalesce(event_date, reported_on): the day to file the event under.';
COMMENT ON COLUMN event_facts.date_source IS 'Where event_day comes from: text or publication; NULL when neither is known.';
COMMENT ON COLUMN event_facts.article_id IS 'Article the event was read from.';
COMMENT ON COLUMN event_facts.url IS 'URL of the article, when its input gave one.';
COMMENT ON COLUMN event_facts.title IS 'Title of the article.';
COMMENT ON COLUMN event_facts.published_at IS 'Publication time of the article, UTC.';
COMMENT ON COLUMN event_facts.evidence IS 'The sentence the event was read from; NULL for events extracted before migration 006 until reprocessed.';
COMMENT ON COLUMN event_facts.cluster_id IS 'The real-world event (event_clusters) this report belongs to; NULL when it joins no cluster (undated or no entity participant).';
COMMENT ON COLUMN event_facts.num_articles IS 'Articles reporting the same real-world event (the cluster''s), 1 when unclustered.';
COMMENT ON COLUMN event_facts.trigger_text IS 'The words of the article that name the event.';
COMMENT ON COLUMN event_facts.trigger_start IS 'Offset of the trigger in the article text (Python str index).';
COMMENT ON COLUMN event_facts.run_id IS 'Run whose extraction wrote the event.';
