-- Retire the articles this run found gone and was asked to retire (--retire-missing): close the
-- ranges of their current version and extraction, with its mentions, events and arguments, so
-- they leave the current state (and the reports) while every earlier state keeps them.
CREATE OR REPLACE TEMP TABLE retired AS
SELECT DISTINCT article_id FROM read_parquet($files, union_by_name = true) WHERE retired AND NOT returned;

UPDATE articles_history SET valid_to = $run_id
WHERE valid_to IS NULL AND article_id IN (SELECT article_id FROM retired);

UPDATE extractions SET valid_to = $run_id
WHERE valid_to IS NULL AND article_id IN (SELECT article_id FROM retired);

UPDATE mentions_history SET valid_to = $run_id
WHERE valid_to IS NULL AND article_id IN (SELECT article_id FROM retired);

UPDATE events_history SET valid_to = $run_id
WHERE valid_to IS NULL AND article_id IN (SELECT article_id FROM retired);

UPDATE event_arguments_history SET valid_to = $run_id
WHERE valid_to IS NULL AND article_id IN (SELECT article_id FROM retired);
