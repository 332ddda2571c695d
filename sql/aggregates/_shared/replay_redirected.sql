-- Migration 011's replay: the entities run $run_id's redirects involve (merged ids and their
-- targets), and every article naming one of them as of that run.
CREATE OR REPLACE TEMP TABLE redirected AS
SELECT entity_id FROM entity_redirects WHERE run_id = $run_id
UNION SELECT target_id FROM entity_redirects WHERE run_id = $run_id;
CREATE OR REPLACE TEMP TABLE touched AS
SELECT DISTINCT article_id FROM mentions_as_of($run_id) WHERE entity_id IN (SELECT entity_id FROM redirected)
UNION SELECT DISTINCT article_id FROM mentions_history
WHERE entity_id IN (SELECT entity_id FROM redirected)
  AND run_id <= $run_id AND (valid_to IS NULL OR valid_to > $run_id);
