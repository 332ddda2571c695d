-- The entities this run's redirects involve (merged ids and their targets), and every current
-- article naming one of them: their rows are recomputed.
CREATE OR REPLACE TEMP TABLE redirected AS
SELECT entity_id FROM entity_redirects WHERE run_id = $run_id
UNION SELECT target_id FROM entity_redirects WHERE run_id = $run_id;
CREATE OR REPLACE TEMP TABLE touched AS
SELECT DISTINCT article_id FROM mentions_history
WHERE valid_to IS NULL AND entity_id IN (SELECT entity_id FROM redirected)
UNION SELECT DISTINCT article_id FROM mentions WHERE entity_id IN (SELECT entity_id FROM redirected);
