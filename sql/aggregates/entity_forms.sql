-- How often each form (mention text) names an entity: its aliases.
-- What the articles in the temp table `touched` contribute to entity_forms, as they stand now.
CREATE OR REPLACE TEMP VIEW entity_forms_contribution AS
SELECT m.entity_id, m.text, count(*) AS mentions
FROM agg_mentions m
WHERE m.article_id IN (SELECT article_id FROM touched)
GROUP BY ALL;
