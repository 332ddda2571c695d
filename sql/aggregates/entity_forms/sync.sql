-- Bring entity_forms_history to the values in history_new_entity_forms for the keys in changed_entity_forms:
-- close the open row of a key whose value changed or went away, open a row for each new value.
-- Unchanged keys keep their open row.
CREATE OR REPLACE TEMP TABLE history_old AS
SELECT h.entity_id, h.text, h.mentions FROM entity_forms_history h SEMI JOIN changed_entity_forms c ON h.entity_id IS NOT DISTINCT FROM c.entity_id AND h.text IS NOT DISTINCT FROM c.text
WHERE h.valid_to IS NULL;
CREATE OR REPLACE TEMP TABLE history_closing AS
SELECT entity_id, text, mentions FROM history_old EXCEPT SELECT entity_id, text, mentions FROM history_new_entity_forms;
UPDATE entity_forms_history h SET valid_to = $run_id FROM history_closing c
WHERE h.valid_to IS NULL AND h.entity_id IS NOT DISTINCT FROM c.entity_id AND h.text IS NOT DISTINCT FROM c.text;
INSERT INTO entity_forms_history (entity_id, text, mentions, valid_from, valid_to)
SELECT entity_id, text, mentions, $run_id, NULL FROM (SELECT entity_id, text, mentions FROM history_new_entity_forms EXCEPT SELECT entity_id, text, mentions FROM history_old)
ORDER BY entity_id, text;
DROP TABLE history_old;
DROP TABLE history_closing;
DROP TABLE history_new_entity_forms;
DROP TABLE changed_entity_forms;
