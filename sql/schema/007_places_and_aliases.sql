-- Places linked to GeoNames (README "Entities", tasks/warehouse/places.py).
--
-- entity_places holds one row per LOC entity, written at load by the run that first saw it (or,
-- in a warehouse upgraded by this migration, by the next run): its GeoNames id, country, point
-- and feature kind, or NULLs and the reason it was not found. The entities view gains the five
-- place columns by one LEFT JOIN (organisations and persons have no row, so NULLs), and
-- event_facts takes the country and point of the event's place from it.
CREATE TABLE IF NOT EXISTS entity_places (
    entity_id    VARCHAR PRIMARY KEY,  -- a LOC entity
    geonames_id  BIGINT,               -- GeoNames id; NULL when unresolved or a region pycountry alone names
    country_code VARCHAR,              -- ISO 3166-1 alpha-2; NULL when unresolved or a continent
    latitude     DOUBLE,               -- WGS 84; a country's is its capital's
    longitude    DOUBLE,
    feature      VARCHAR,              -- country | region | city; NULL when unresolved
    place_name   VARCHAR,              -- the gazetteer's name of the place ("Tripoli")
    matched_name VARCHAR,              -- the entity's form that was found ("Триполи")
    candidates   INTEGER NOT NULL,     -- places bearing that name (0: unresolved)
    reason       VARCHAR NOT NULL,     -- why this place, or why none
    run_id       BIGINT NOT NULL       -- the run that linked it
);

CREATE OR REPLACE VIEW entities AS
    SELECT e.*, p.country_code, p.latitude, p.longitude, p.geonames_id, p.feature
    FROM entities_as_of(9223372036854775807) e
    LEFT JOIN entity_places p USING (entity_id);

COMMENT ON TABLE entity_places IS 'GeoNames link of each LOC entity, set at load by run_id; unresolved ones keep NULLs and a reason.';

-- event_facts as in 006, its place columns now filled from entity_places.
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
COMMENT ON COLUMN event_facts.country_code IS 'ISO 3166-1 alpha-2 code of the place''s country (entity_places); NULL when the place is not linked or has no country.';
COMMENT ON COLUMN event_facts.latitude IS 'Latitude of the place, WGS 84 degrees (entity_places; a country''s capital); NULL when not linked or without a point.';
COMMENT ON COLUMN event_facts.longitude IS 'Longitude of the place, WGS 84 degrees (entity_places); NULL when not linked or without a point.';
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

-- entity_aliases becomes a stored table, maintained at load (sql/load/entity_aliases.sql): every
-- form an entity has been known by, why (kind: inflection, abbreviation, synonym, surname,
-- initials, spelling) and where from (source: mentions; resolution, for a partial name or
-- spelling merged at load; nerel, pycountry or curated, when the alias lexicon has that pair),
-- with the run that recorded it. An upgraded warehouse keeps the rows its view (005) showed,
-- each with the run of the first mention that gave it.
CREATE TABLE entity_aliases_stored AS
    WITH first_redirect AS (
        SELECT entity_id, target_id, run_id FROM entity_redirects
        QUALIFY row_number() OVER (PARTITION BY entity_id ORDER BY run_id) = 1
    ), seen AS (
        SELECT m.text AS alias, coalesce(r.target_id, m.entity_id) AS entity_id,
               min(greatest(m.run_id, coalesce(r.run_id, 0))) AS run_id
        FROM mentions_history m LEFT JOIN first_redirect r ON r.entity_id = m.entity_id
        GROUP BY ALL
    )
    SELECT v.alias, v.entity_id, v.kind, v.source, coalesce(s.run_id, 0) AS run_id
    FROM entity_aliases v LEFT JOIN seen s USING (alias, entity_id);

DROP VIEW IF EXISTS entity_aliases;
ALTER TABLE entity_aliases_stored RENAME TO entity_aliases;

-- As of run n: the rows committed by then, the entity read through the redirects of run n
-- (a form recorded for "Путин" counts for "Владимир Путин" once that redirect is committed).
CREATE OR REPLACE MACRO entity_aliases_as_of(n) AS TABLE
    SELECT a.alias, coalesce(r.target_id, a.entity_id) AS entity_id, a.kind, a.source, a.run_id
    FROM entity_aliases a
    LEFT JOIN entity_redirects_as_of(n) r ON r.entity_id = a.entity_id
    WHERE a.run_id IN (SELECT run_id FROM committed_runs_as_of(n))
    QUALIFY row_number() OVER (PARTITION BY a.alias, coalesce(r.target_id, a.entity_id)
                               ORDER BY a.source = 'resolution' DESC, a.run_id) = 1;

COMMENT ON TABLE entity_aliases IS 'Every form an entity has been known by: alias, entity_id, kind, source, run_id (maintained at load).';
