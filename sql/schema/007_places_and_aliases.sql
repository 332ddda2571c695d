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

