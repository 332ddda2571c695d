-- Entities a run registered for the first time, with how often that run mentioned them.
SELECT e.type,
       e.name,
       count(m.mention_id) AS mentions,
       count(DISTINCT m.article_id) AS articles,
       e.entity_id
FROM entities_history e
LEFT JOIN mentions_history m ON m.entity_id = e.entity_id AND m.run_id = e.run_id
WHERE e.run_id = $run_id
GROUP BY e.type, e.name, e.entity_id
ORDER BY mentions DESC, articles DESC, e.name, e.entity_id
LIMIT $limit;
