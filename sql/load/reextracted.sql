-- Whether this run extracted articles it did not write a version of (a reprocess).
SELECT EXISTS (SELECT 1 FROM extractions WHERE run_id = $run_id
                 AND article_id NOT IN (SELECT article_id FROM articles_history WHERE run_id = $run_id));
