-- Ids must be unique in the current state of each table.
SELECT 'articles' AS table_name, article_id AS id, count(*) AS copies FROM articles GROUP BY ALL HAVING count(*) > 1
UNION ALL
SELECT 'mentions', mention_id, count(*) FROM mentions GROUP BY ALL HAVING count(*) > 1
UNION ALL
SELECT 'entities', entity_id, count(*) FROM entities GROUP BY ALL HAVING count(*) > 1
UNION ALL
SELECT 'events', event_id, count(*) FROM events GROUP BY ALL HAVING count(*) > 1;
