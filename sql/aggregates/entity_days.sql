-- Mentions and articles per entity (through the redirects), mention type and publication day
-- (NULL: undated articles), over the current mentions of the articles in `touched`. Every
-- column is a sum over articles (an article has one day), so the load keeps the table exact by
-- subtracting what replaced articles contributed and adding what their new rows contribute.
-- What the articles in the temp table `touched` contribute to entity_days, as they stand now.
CREATE OR REPLACE TEMP VIEW entity_days_contribution AS
SELECT m.entity_id, m.type, CAST(a.published_at AS DATE) AS day,
       count(*) AS mentions, count(DISTINCT m.article_id) AS articles
FROM agg_mentions m
JOIN agg_articles a ON a.article_id = m.article_id
WHERE m.article_id IN (SELECT article_id FROM touched)
GROUP BY ALL;
