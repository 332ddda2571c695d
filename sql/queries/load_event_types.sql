-- Seed the event taxonomy from seeds/reference/event_types.csv, as dbt loads seeds.
DELETE FROM event_types;
INSERT INTO event_types BY NAME
SELECT type, quad_class, description FROM read_csv($path, header = true, all_varchar = true);
