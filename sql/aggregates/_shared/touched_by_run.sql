-- The articles committed run $run_id touched, read back from the history (migration 011's
-- replay; a load knows them from its staged files): new versions, re-extractions, and those it
-- took out of the current state (retired: their ranges end at the run).
CREATE OR REPLACE TEMP TABLE touched AS
SELECT article_id FROM articles_history WHERE run_id = $run_id
UNION SELECT article_id FROM extractions WHERE run_id = $run_id
UNION SELECT article_id FROM articles_history WHERE valid_to = $run_id
UNION SELECT article_id FROM extractions WHERE valid_to = $run_id;
