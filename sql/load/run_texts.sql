-- The current text of every article this run extracted, for the audits: the versions this run
-- wrote (their row groups, which run_id's zone maps find without reading the rest) and, only
-- when the run re-extracted stored articles ($reextracted), the earlier versions still current.
CREATE OR REPLACE TEMP TABLE run_texts AS
SELECT article_id, text FROM articles_history WHERE run_id = $run_id AND valid_to IS NULL
UNION ALL
SELECT article_id, text FROM articles_history
WHERE $reextracted AND valid_to IS NULL AND run_id < $run_id
  AND article_id IN (SELECT article_id FROM extractions WHERE run_id = $run_id);
