-- Ids must be unique in the current state of each table. The state before this run was
-- checked by the runs that made it, so only ids this run wrote can collide: each is checked
-- against the current rows of its own article (ids hash their article, see tasks/nlp/ids.py),
-- and an earlier version left open beside this run's is reported too.
WITH run_articles AS (
    SELECT article_id FROM articles_history WHERE run_id = $run_id
    UNION SELECT article_id FROM extractions WHERE run_id = $run_id
)
SELECT 'articles' AS table_name, article_id AS id, count(*) AS copies
FROM articles_history
WHERE valid_to IS NULL AND article_id IN (SELECT article_id FROM run_articles)
GROUP BY ALL HAVING count(*) > 1
UNION ALL
SELECT 'extractions', article_id, count(*)
FROM extractions
WHERE valid_to IS NULL AND article_id IN (SELECT article_id FROM run_articles)
GROUP BY ALL HAVING count(*) > 1
UNION ALL
SELECT 'mentions', mention_id, count(*)
FROM mentions_history
WHERE valid_to IS NULL AND article_id IN (SELECT article_id FROM run_articles)
GROUP BY ALL HAVING count(*) > 1
UNION ALL
SELECT 'entities', entity_id, count(*)
FROM entities_history
WHERE entity_id IN (SELECT entity_id FROM entities_history WHERE run_id = $run_id)
GROUP BY ALL HAVING count(*) > 1
UNION ALL
SELECT 'events', event_id, count(*)
FROM events_history
WHERE valid_to IS NULL AND article_id IN (SELECT article_id FROM run_articles)
GROUP BY ALL HAVING count(*) > 1;
