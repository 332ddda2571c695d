-- Stage → data-quality warnings of one run.
INSERT INTO dq_warnings BY NAME
SELECT *, $run_id AS run_id FROM read_parquet($files, union_by_name = true);
