-- Organisations one article of this run names both by an abbreviation in capitals ("ФБР") and by a
-- name of several words ("Федеральное бюро расследований"), for tasks/warehouse/resolve.py's
-- abbreviations, which keeps the pairs whose name alone of the warehouse's gives the abbreviation. An
-- entity already redirected is left out, and so is an abbreviation other names are redirected to.
WITH names AS (
    SELECT entity_id, name FROM entities_history
    WHERE type = 'ORG' AND (run_id = $run_id OR run_id IN (SELECT run_id FROM runs WHERE status = 'committed'))
    QUALIFY row_number() OVER (PARTITION BY entity_id ORDER BY run_id) = 1
), named AS (
    SELECT DISTINCT article_id, entity_id FROM mentions_history WHERE run_id = $run_id AND type = 'ORG'
)
SELECT DISTINCT a.entity_id, a.name, f.entity_id
FROM named na
JOIN named nf ON nf.article_id = na.article_id AND nf.entity_id <> na.entity_id
JOIN names a ON a.entity_id = na.entity_id
JOIN names f ON f.entity_id = nf.entity_id
WHERE regexp_full_match(a.name, '[А-ЯЁ]{2,6}')
  AND contains(trim(f.name), ' ')
  AND a.entity_id NOT IN (SELECT entity_id FROM entity_redirects)
  AND a.entity_id NOT IN (SELECT target_id FROM entity_redirects)
  AND f.entity_id NOT IN (SELECT entity_id FROM entity_redirects)
ORDER BY 1, 3;
