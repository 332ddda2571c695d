-- Record the forms this run gave entities that entity_aliases does not hold yet (run inside the
-- load transaction, after resolve_people): the forms of this run's mentions, and every form of
-- a partial name or spelling this run merged, under the entity it merged into.
-- kind: the redirect's reason (surname, initials, spelling, patronymic); else the alias lexicon's kind when
-- it pairs this form with this name; else an all-capitals form is an abbreviation, another case
-- of the name an inflection, anything else a synonym. source: resolution, the lexicon's source
-- (nerel, pycountry, curated), or mentions.
INSERT INTO entity_aliases BY NAME
WITH names AS (
    SELECT entity_id, name FROM entities_history
    QUALIFY row_number() OVER (PARTITION BY entity_id ORDER BY run_id) = 1
), redirect AS (
    SELECT entity_id, target_id, reason, run_id FROM entity_redirects
    QUALIFY row_number() OVER (PARTITION BY entity_id ORDER BY run_id) = 1
), lexicon AS (
    SELECT lower(alias) AS alias, lower(name) AS name, any_value(kind) AS kind, any_value(source) AS source
    FROM read_csv($lexicon, header = true, all_varchar = true)
    GROUP BY ALL
), forms AS (
    SELECT DISTINCT m.text AS alias, m.normal, coalesce(r.target_id, m.entity_id) AS entity_id, r.reason
    FROM mentions_history m
    LEFT JOIN redirect r ON r.entity_id = m.entity_id
    WHERE m.run_id = $run_id OR r.run_id = $run_id
), kinds AS (
    SELECT f.alias, f.entity_id,
           CASE WHEN f.reason IS NOT NULL THEN f.reason
                WHEN l.kind IS NOT NULL THEN l.kind
                WHEN f.alias = upper(f.alias) AND f.alias <> upper(n.name) THEN 'abbreviation'
                WHEN lower(f.normal) = lower(n.name) THEN 'inflection'
                ELSE 'synonym' END AS kind,
           CASE WHEN f.reason IS NOT NULL THEN 'resolution'
                WHEN l.source IS NOT NULL THEN l.source
                ELSE 'mentions' END AS source,
           f.reason IS NOT NULL AS resolved
    FROM forms f
    JOIN names n ON n.entity_id = f.entity_id
    LEFT JOIN lexicon l ON l.name = lower(n.name) AND l.alias IN (lower(f.alias), lower(f.normal))
    WHERE lower(f.alias) <> lower(n.name)
)
SELECT alias, entity_id, kind, source, $run_id AS run_id
FROM kinds k
WHERE NOT EXISTS (SELECT 1 FROM entity_aliases a
                  WHERE a.alias = k.alias AND a.entity_id = k.entity_id AND (a.source = 'resolution') >= k.resolved)
QUALIFY row_number() OVER (PARTITION BY alias, entity_id ORDER BY resolved DESC, kind) = 1;
