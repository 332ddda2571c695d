-- Current entities with their counts and aliases (one file: one row per entity).
SELECT * FROM entities
