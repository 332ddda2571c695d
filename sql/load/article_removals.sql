-- Stage → article_removals: the run's new tombstones (returned_in_run NULL), then the run's
-- returns (rows with returned_in_run set) close the open flags they name.
INSERT INTO article_removals BY NAME
SELECT article_id, source_path, $run_id AS run_id, retired, NULL::BIGINT AS returned_in_run
FROM read_parquet($files, union_by_name = true) WHERE NOT returned;

UPDATE article_removals AS x SET returned_in_run = $run_id
FROM (SELECT DISTINCT article_id FROM read_parquet($files, union_by_name = true) WHERE returned) b
WHERE x.article_id = b.article_id AND x.returned_in_run IS NULL AND x.run_id < $run_id;
