-- Merged entity ids and the entity each now belongs to (old ids keep resolving).
SELECT * FROM entity_redirects_as_of(9223372036854775807)
