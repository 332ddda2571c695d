-- Every mention (and entity-linked event argument) this run wrote must point at a known
-- entity; rows of earlier runs were checked by their own runs, and the registry only grows.
SELECT 'mention' AS kind, mention_id AS id, entity_id FROM mentions_history
WHERE run_id = $run_id AND entity_id NOT IN (SELECT entity_id FROM entities_history)
UNION ALL
SELECT 'event_argument', event_id, entity_id FROM event_arguments_history
WHERE run_id = $run_id AND entity_id IS NOT NULL
  AND entity_id NOT IN (SELECT entity_id FROM entities_history)
UNION ALL
SELECT 'redirect', entity_id, target_id FROM entity_redirects
WHERE run_id = $run_id AND target_id NOT IN (SELECT entity_id FROM entities_history);
