-- Stage → the run's ledger of input files.
INSERT INTO ingest_files BY NAME
SELECT *, $run_id AS run_id FROM read_parquet($files, union_by_name = true);
