-- Stage → extractions: which article versions this run analysed, with which extractor.
INSERT INTO extractions BY NAME
SELECT *, $run_id AS run_id FROM read_parquet($files, union_by_name = true);
