-- Close the validity ranges a run replaces (migration 008): the previous current version of
-- every article this run writes a new version of, and the previous current extraction of every
-- article it extracts again, with the mentions, events and event arguments that extraction
-- wrote. Runs inside the load transaction, before the run's own rows go in, so only rows of
-- earlier runs are open; a run that adds no version (nothing changed, nothing re-extracted)
-- touches nothing.
CREATE OR REPLACE TEMP TABLE replaced AS
SELECT DISTINCT x.article_id, x.run_id
FROM extractions x
WHERE x.valid_to IS NULL
  AND x.article_id IN (SELECT article_id FROM read_parquet($extractions, union_by_name = true));

UPDATE articles_history SET valid_to = $run_id
WHERE valid_to IS NULL
  AND article_id IN (SELECT article_id FROM read_parquet($articles, union_by_name = true));

UPDATE extractions AS x SET valid_to = $run_id
FROM replaced r WHERE x.article_id = r.article_id AND x.run_id = r.run_id AND x.valid_to IS NULL;

UPDATE mentions_history AS d SET valid_to = $run_id
FROM replaced r WHERE d.article_id = r.article_id AND d.run_id = r.run_id AND d.valid_to IS NULL;

UPDATE events_history AS d SET valid_to = $run_id
FROM replaced r WHERE d.article_id = r.article_id AND d.run_id = r.run_id AND d.valid_to IS NULL;

UPDATE event_arguments_history AS d SET valid_to = $run_id
FROM replaced r WHERE d.article_id = r.article_id AND d.run_id = r.run_id AND d.valid_to IS NULL;
