-- Entity resolution across articles (README "Entities"): merges are redirects, never rewrites.
-- A surname-only person entity ("Путин") that fits exactly one full-name person of the
-- warehouse ("Владимир Путин") gets a redirect written by the run that found it; one that fits
-- several is recorded as ambiguous with its candidates and stays apart. Mentions keep the id
-- their extraction gave them; the as-of macros read them through the redirects committed as of
-- run n, so `*_as_of(n)` for an earlier run answers as it did, and an old id still resolves.

CREATE TABLE IF NOT EXISTS entity_redirects (
    entity_id VARCHAR NOT NULL,        -- the merged entity (its id keeps resolving)
    target_id VARCHAR NOT NULL,        -- the entity it is now part of
    reason    VARCHAR NOT NULL,        -- surname | initials | spelling
    run_id    BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS entity_candidates (
    entity_id    VARCHAR NOT NULL,     -- an ambiguous partial name ("Алиев")
    candidate_id VARCHAR NOT NULL,     -- one full name it may be ("Ильхам Алиев", "Гейдар Алиев")
    reason       VARCHAR NOT NULL,
    run_id       BIGINT NOT NULL
);

CREATE OR REPLACE MACRO entity_redirects_as_of(n) AS TABLE
    SELECT r.entity_id, r.target_id, r.reason, r.run_id
    FROM entity_redirects r
    WHERE r.run_id IN (SELECT run_id FROM committed_runs_as_of(n))
    QUALIFY row_number() OVER (PARTITION BY r.entity_id ORDER BY r.run_id) = 1;

CREATE OR REPLACE MACRO mentions_as_of(n) AS TABLE
    SELECT m.mention_id, m.article_id, m.start, m.stop, m.type, m.text, m.normal,
           m.first_name, m.last_name, m.middle_name, coalesce(r.target_id, m.entity_id) AS entity_id,
           m.sentence_index, m.run_id
    FROM mentions_history m
    SEMI JOIN extractions_as_of(n) x ON m.article_id = x.article_id AND m.run_id = x.run_id
    LEFT JOIN entity_redirects_as_of(n) r ON r.entity_id = m.entity_id;

CREATE OR REPLACE MACRO event_arguments_as_of(n) AS TABLE
    SELECT ea.event_id, ea.role, ea.start, ea.stop, ea.text, coalesce(r.target_id, ea.entity_id) AS entity_id,
           ea.article_id, ea.run_id
    FROM event_arguments_history ea
    SEMI JOIN extractions_as_of(n) x ON ea.article_id = x.article_id AND ea.run_id = x.run_id
    LEFT JOIN entity_redirects_as_of(n) r ON r.entity_id = ea.entity_id;

-- Entities as of run n: a merged entity is no longer listed (its mentions count for its target).
CREATE OR REPLACE MACRO entities_as_of(n) AS TABLE
    WITH registry AS (
        SELECT entity_id, type, name, run_id AS first_run_id
        FROM entities_history
        WHERE run_id IN (SELECT run_id FROM committed_runs_as_of(n))
        QUALIFY row_number() OVER (PARTITION BY entity_id ORDER BY run_id) = 1
    ), counts AS (
        SELECT entity_id,
               count(*) AS mention_count,
               count(DISTINCT article_id) AS article_count,
               list_sort(list_distinct(list(text))) AS aliases
        FROM mentions_as_of(n)
        GROUP BY entity_id
    )
    SELECT r.entity_id, r.type, r.name,
           coalesce(c.aliases, []::VARCHAR[]) AS aliases,
           coalesce(c.mention_count, 0) AS mention_count,
           coalesce(c.article_count, 0) AS article_count,
           r.first_run_id
    FROM registry r LEFT JOIN counts c USING (entity_id)
    WHERE r.entity_id NOT IN (SELECT entity_id FROM entity_redirects_as_of(n));

-- Every form an entity is known by as of run n, and why: the mention forms of its articles
-- (inflection: another case of its name; abbreviation; synonym: another name the lexicon or
-- the article gave it) and the partial names merged into it (surname, initials).
CREATE OR REPLACE MACRO entity_aliases_as_of(n) AS TABLE
    WITH current AS (SELECT entity_id, name FROM entities_as_of(n))
    SELECT DISTINCT m.text AS alias, coalesce(r.target_id, m.entity_id) AS entity_id,
           CASE WHEN r.entity_id IS NOT NULL THEN r.reason
                WHEN m.text = upper(m.text) AND m.text <> upper(c.name) THEN 'abbreviation'
                WHEN lower(m.normal) = lower(c.name) THEN 'inflection'
                ELSE 'synonym' END AS kind,
           CASE WHEN r.entity_id IS NOT NULL THEN 'resolution' ELSE 'mentions' END AS source
    FROM mentions_history m
    SEMI JOIN extractions_as_of(n) x ON m.article_id = x.article_id AND m.run_id = x.run_id
    LEFT JOIN entity_redirects_as_of(n) r ON r.entity_id = m.entity_id
    JOIN current c ON c.entity_id = coalesce(r.target_id, m.entity_id)
    WHERE lower(m.text) <> lower(c.name);

CREATE OR REPLACE VIEW mentions AS SELECT * FROM mentions_as_of(9223372036854775807);
CREATE OR REPLACE VIEW entities AS SELECT * FROM entities_as_of(9223372036854775807);
CREATE OR REPLACE VIEW event_arguments AS SELECT * FROM event_arguments_as_of(9223372036854775807);
CREATE OR REPLACE VIEW entity_aliases AS SELECT * FROM entity_aliases_as_of(9223372036854775807);
