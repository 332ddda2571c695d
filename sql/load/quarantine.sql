-- Stage → quarantine rows of one run.
INSERT INTO quarantine BY NAME
SELECT *, $run_id AS run_id FROM read_parquet($files, union_by_name = true);
