-- Bring co_mention_pairs_history to the values in history_new_co_mention_pairs for the keys in changed_co_mention_pairs:
-- close the open row of a key whose value changed or went away, open a row for each new value.
-- Unchanged keys keep their open row.
CREATE OR REPLACE TEMP TABLE history_old AS
SELECT h.entity_a, h.entity_b, h.articles, h.sentences FROM co_mention_pairs_history h SEMI JOIN changed_co_mention_pairs c ON h.entity_a IS NOT DISTINCT FROM c.entity_a AND h.entity_b IS NOT DISTINCT FROM c.entity_b
WHERE h.valid_to IS NULL;
CREATE OR REPLACE TEMP TABLE history_closing AS
SELECT entity_a, entity_b, articles, sentences FROM history_old EXCEPT SELECT entity_a, entity_b, articles, sentences FROM history_new_co_mention_pairs;
UPDATE co_mention_pairs_history h SET valid_to = $run_id FROM history_closing c
WHERE h.valid_to IS NULL AND h.entity_a IS NOT DISTINCT FROM c.entity_a AND h.entity_b IS NOT DISTINCT FROM c.entity_b;
INSERT INTO co_mention_pairs_history (entity_a, entity_b, articles, sentences, valid_from, valid_to)
SELECT entity_a, entity_b, articles, sentences, $run_id, NULL FROM (SELECT entity_a, entity_b, articles, sentences FROM history_new_co_mention_pairs EXCEPT SELECT entity_a, entity_b, articles, sentences FROM history_old)
ORDER BY entity_a, entity_b;
DROP TABLE history_old;
DROP TABLE history_closing;
DROP TABLE history_new_co_mention_pairs;
DROP TABLE changed_co_mention_pairs;
