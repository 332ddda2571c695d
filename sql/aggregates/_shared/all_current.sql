-- Every current article: the aggregates from scratch.
CREATE OR REPLACE TEMP TABLE touched AS
SELECT article_id FROM articles UNION SELECT article_id FROM extractions WHERE valid_to IS NULL;
