-- Stage → article_removals: the run's new tombstones (one open row per article: an article
-- flagged before is not flagged again), the retirement of articles flagged before, then the
-- run's returns (rows with `returned`) close the open rows they name.
INSERT INTO article_removals BY NAME
SELECT s.article_id, s.source_path, $run_id AS run_id, s.retired, NULL::BIGINT AS returned_in_run
FROM read_parquet($files, union_by_name = true) s
WHERE NOT s.returned
  AND s.article_id NOT IN (SELECT article_id FROM article_removals WHERE returned_in_run IS NULL);

UPDATE article_removals AS x SET retired = true
FROM (SELECT DISTINCT article_id FROM read_parquet($files, union_by_name = true) WHERE retired AND NOT returned) b
WHERE x.article_id = b.article_id AND x.returned_in_run IS NULL AND x.run_id < $run_id;

UPDATE article_removals AS x SET returned_in_run = $run_id
FROM (SELECT DISTINCT article_id FROM read_parquet($files, union_by_name = true) WHERE returned) b
WHERE x.article_id = b.article_id AND x.returned_in_run IS NULL AND x.run_id < $run_id;
