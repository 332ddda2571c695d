-- For each LOC entity not yet linked and each current article that names it: the other places
-- of that article, with their country when they are linked already.
WITH todo AS (
    SELECT DISTINCT entity_id FROM entities_history
    WHERE type = 'LOC' AND entity_id NOT IN (SELECT entity_id FROM entity_places)
), located AS (
    SELECT DISTINCT article_id, entity_id FROM mentions WHERE type = 'LOC'
)
SELECT a.entity_id, a.article_id, b.entity_id AS other_id, p.country_code AS other_country
FROM located a
LEFT JOIN located b ON b.article_id = a.article_id AND b.entity_id <> a.entity_id
LEFT JOIN entity_places p ON p.entity_id = b.entity_id
WHERE a.entity_id IN (SELECT entity_id FROM todo);
