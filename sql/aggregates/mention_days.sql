-- Mentions and articles per publication day and mention type.
-- What the articles in the temp table `touched` contribute to mention_days, as they stand now.
CREATE OR REPLACE TEMP VIEW mention_days_contribution AS
SELECT CAST(a.published_at AS DATE) AS day, m.type, count(*) AS mentions,
       count(DISTINCT m.article_id) AS articles
FROM agg_mentions m
JOIN agg_articles a ON a.article_id = m.article_id
WHERE m.article_id IN (SELECT article_id FROM touched)
GROUP BY ALL;
