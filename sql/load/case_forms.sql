-- Names that may be another case of one another, for tasks/warehouse/resolve.py's
-- inflected_names: full person names (two words or more) and place and organisation names. Each
-- pair holds one entity first seen by this run and one of the same type with the same number of
-- words whose last words share their first four letters; for a place or an organisation of several
-- words, whose first words share their first four letters and last words their first two (a short
-- head changes within four: "края" / "край", "суды" / "суд"); or one of the same type written
-- alike but for its dashes (same_spelling).
-- Entities already redirected are left out.
WITH people AS (
    SELECT entity_id, name, run_id, type,
           string_split_regex(trim(lower(replace(name, 'ё', 'е'))), '\s+') AS words,
           -- a dash, spaced or not, parts words as a space does: "Форум стран - экспортеров газа",
           -- "Форум стран-экспортеров газа"; "Буэнос Айрес", "Буэнос-Айрес" are one spelling
           trim(regexp_replace(lower(replace(name, 'ё', 'е')), '(\s*[-–—]+\s*|\s+)', ' ', 'g')) AS spelling
    FROM entities_history
    WHERE type IN ('PER', 'ORG', 'LOC')
      AND (run_id = $run_id OR run_id IN (SELECT run_id FROM runs WHERE status = 'committed'))
    QUALIFY row_number() OVER (PARTITION BY entity_id ORDER BY run_id) = 1
), full_names AS (
    SELECT p.*,
           CASE WHEN type <> 'PER' AND len(words) > 1 THEN left(words[1], 4) || ' ' || left(words[-1], 2)
                ELSE left(words[-1], 4) END AS stem,
           coalesce(m.mentions, 0) AS mentions,
           -- a target of an earlier run's redirect stays one (a redirect is one step); this
           -- run's redirects are pointed on to the form kept (repoint_redirects.sql)
           p.entity_id IN (SELECT target_id FROM entity_redirects WHERE run_id <> $run_id) AS is_target
    FROM people p
    LEFT JOIN (SELECT entity_id, count(*) AS mentions FROM mentions_history GROUP BY entity_id) m
           ON m.entity_id = p.entity_id
    WHERE (type <> 'PER' OR len(words) >= 2)
      AND p.entity_id NOT IN (SELECT entity_id FROM entity_redirects)
)
SELECT a.type, a.entity_id, a.words, a.mentions, a.is_target, b.entity_id, b.words, b.mentions, b.is_target,
       a.spelling = b.spelling AND a.words <> b.words AS same_spelling
FROM full_names a
JOIN full_names b ON a.type = b.type AND a.entity_id <> b.entity_id
                 AND (a.stem = b.stem AND len(a.words) = len(b.words)
                      OR a.spelling = b.spelling AND a.words <> b.words)
WHERE a.run_id = $run_id AND (b.run_id <> $run_id OR a.entity_id < b.entity_id)
ORDER BY a.entity_id, b.entity_id;
