-- Whether the entities view carries coordinates (migration 007 adds them).
SELECT count(*) = 2
FROM duckdb_columns()
WHERE table_name = 'entities' AND column_name IN ('latitude', 'longitude');
