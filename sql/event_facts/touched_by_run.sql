-- The articles committed run $run_id touched, read back from the history (the migration's
-- replay; a load knows them from its staged files).
CREATE OR REPLACE TEMP TABLE touched AS
SELECT article_id FROM articles_history WHERE run_id = $run_id
UNION SELECT article_id FROM extractions WHERE run_id = $run_id;
