-- Bring entity_days_history to the values in history_new_entity_days for the keys in changed_entity_days:
-- close the open row of a key whose value changed or went away, open a row for each new value.
-- Unchanged keys keep their open row.
CREATE OR REPLACE TEMP TABLE history_old AS
SELECT h.entity_id, h.type, h.day, h.mentions, h.articles FROM entity_days_history h SEMI JOIN changed_entity_days c ON h.entity_id IS NOT DISTINCT FROM c.entity_id AND h.type IS NOT DISTINCT FROM c.type AND h.day IS NOT DISTINCT FROM c.day
WHERE h.valid_to IS NULL;
CREATE OR REPLACE TEMP TABLE history_closing AS
SELECT entity_id, type, day, mentions, articles FROM history_old EXCEPT SELECT entity_id, type, day, mentions, articles FROM history_new_entity_days;
UPDATE entity_days_history h SET valid_to = $run_id FROM history_closing c
WHERE h.valid_to IS NULL AND h.entity_id IS NOT DISTINCT FROM c.entity_id AND h.type IS NOT DISTINCT FROM c.type AND h.day IS NOT DISTINCT FROM c.day;
INSERT INTO entity_days_history (entity_id, type, day, mentions, articles, valid_from, valid_to)
SELECT entity_id, type, day, mentions, articles, $run_id, NULL FROM (SELECT entity_id, type, day, mentions, articles FROM history_new_entity_days EXCEPT SELECT entity_id, type, day, mentions, articles FROM history_old)
ORDER BY entity_id, type, day;
DROP TABLE history_old;
DROP TABLE history_closing;
DROP TABLE history_new_entity_days;
DROP TABLE changed_entity_days;
