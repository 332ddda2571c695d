-- The coordinates of the given entities, from the entities view's geocoding columns (migration
-- 007). Only run when those columns exist: a warehouse of an earlier schema has no coordinates.
SELECT entity_id, latitude, longitude, country_code
FROM entities
WHERE entity_id IN (SELECT unnest($ids::VARCHAR[]))
  AND latitude IS NOT NULL AND longitude IS NOT NULL;
