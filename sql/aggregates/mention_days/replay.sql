-- Migration 011's replay: the value after the run of every key its delta changes: the open
-- history row plus the delta (delta_mention_days: minus the touched articles before, plus after).
CREATE OR REPLACE TEMP TABLE changed_mention_days AS SELECT DISTINCT day, type FROM delta_mention_days;
CREATE OR REPLACE TEMP TABLE history_new_mention_days AS
SELECT day, type, sum(mentions) AS mentions, sum(articles) AS articles FROM (
    SELECT h.day, h.type, h.mentions, h.articles FROM mention_days_history h SEMI JOIN changed_mention_days c ON h.day IS NOT DISTINCT FROM c.day AND h.type IS NOT DISTINCT FROM c.type
    WHERE h.valid_to IS NULL
    UNION ALL SELECT day, type, mentions, articles FROM delta_mention_days)
GROUP BY ALL HAVING sum(mentions) <> 0;
DROP TABLE delta_mention_days;
