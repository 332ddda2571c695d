-- Every organisation of several words the warehouse knows (with this run's), not redirected: the
-- names an abbreviation might stand for (tasks/warehouse/resolve.py's abbreviations).
SELECT entity_id, name
FROM entities_history
WHERE type = 'ORG' AND contains(trim(name), ' ')
  AND (run_id = $run_id OR run_id IN (SELECT run_id FROM runs WHERE status = 'committed'))
  AND entity_id NOT IN (SELECT entity_id FROM entity_redirects)
QUALIFY row_number() OVER (PARTITION BY entity_id ORDER BY run_id) = 1;
