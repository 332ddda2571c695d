-- Bring mention_days_history to the values in history_new_mention_days for the keys in changed_mention_days:
-- close the open row of a key whose value changed or went away, open a row for each new value.
-- Unchanged keys keep their open row.
CREATE OR REPLACE TEMP TABLE history_old AS
SELECT h.day, h.type, h.mentions, h.articles FROM mention_days_history h SEMI JOIN changed_mention_days c ON h.day IS NOT DISTINCT FROM c.day AND h.type IS NOT DISTINCT FROM c.type
WHERE h.valid_to IS NULL;
CREATE OR REPLACE TEMP TABLE history_closing AS
SELECT day, type, mentions, articles FROM history_old EXCEPT SELECT day, type, mentions, articles FROM history_new_mention_days;
UPDATE mention_days_history h SET valid_to = $run_id FROM history_closing c
WHERE h.valid_to IS NULL AND h.day IS NOT DISTINCT FROM c.day AND h.type IS NOT DISTINCT FROM c.type;
INSERT INTO mention_days_history (day, type, mentions, articles, valid_from, valid_to)
SELECT day, type, mentions, articles, $run_id, NULL FROM (SELECT day, type, mentions, articles FROM history_new_mention_days EXCEPT SELECT day, type, mentions, articles FROM history_old)
ORDER BY day, type;
DROP TABLE history_old;
DROP TABLE history_closing;
DROP TABLE history_new_mention_days;
DROP TABLE changed_mention_days;
