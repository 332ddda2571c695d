-- Bring entity_stats_history to the values in history_new_entity_stats for the keys in changed_entity_stats:
-- close the open row of a key whose value changed or went away, open a row for each new value.
-- Unchanged keys keep their open row.
CREATE OR REPLACE TEMP TABLE history_old AS
SELECT h.entity_id, h.mentions, h.articles FROM entity_stats_history h SEMI JOIN changed_entity_stats c ON h.entity_id IS NOT DISTINCT FROM c.entity_id
WHERE h.valid_to IS NULL;
CREATE OR REPLACE TEMP TABLE history_closing AS
SELECT entity_id, mentions, articles FROM history_old EXCEPT SELECT entity_id, mentions, articles FROM history_new_entity_stats;
UPDATE entity_stats_history h SET valid_to = $run_id FROM history_closing c
WHERE h.valid_to IS NULL AND h.entity_id IS NOT DISTINCT FROM c.entity_id;
INSERT INTO entity_stats_history (entity_id, mentions, articles, valid_from, valid_to)
SELECT entity_id, mentions, articles, $run_id, NULL FROM (SELECT entity_id, mentions, articles FROM history_new_entity_stats EXCEPT SELECT entity_id, mentions, articles FROM history_old)
ORDER BY entity_id;
DROP TABLE history_old;
DROP TABLE history_closing;
DROP TABLE history_new_entity_stats;
DROP TABLE changed_entity_stats;
