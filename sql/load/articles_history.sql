-- Stage → articles_history for one run.
INSERT INTO articles_history BY NAME
SELECT *, $run_id AS run_id FROM read_parquet($files, union_by_name = true);
