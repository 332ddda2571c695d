-- Every current mention (and entity-linked event argument) must point at a known entity.
SELECT 'mention' AS kind, mention_id AS id, entity_id FROM mentions
WHERE entity_id NOT IN (SELECT entity_id FROM entities_history)
UNION ALL
SELECT 'event_argument', event_id, entity_id FROM event_arguments
WHERE entity_id IS NOT NULL AND entity_id NOT IN (SELECT entity_id FROM entities_history);
