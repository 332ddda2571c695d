-- Mentions and articles per entity (through the redirects) over the current mentions of the
-- articles in `touched`: the counts of the entities view and top_entities without a date range.
-- What the articles in the temp table `touched` contribute to entity_stats, as they stand now.
CREATE OR REPLACE TEMP VIEW entity_stats_contribution AS
SELECT m.entity_id, count(*) AS mentions, count(DISTINCT m.article_id) AS articles
FROM agg_mentions m
WHERE m.article_id IN (SELECT article_id FROM touched)
GROUP BY ALL;
