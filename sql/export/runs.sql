-- Every run, for the lineage of what was exported.
SELECT * FROM runs
