-- Pairs of entities named in the same article (entity_a < entity_b): articles naming both, and
-- sentences naming both. Both are counts of distinct (article) and (article, sentence), so
-- sums over articles.
-- What the articles in the temp table `touched` contribute to co_mention_pairs, as they stand now.
CREATE OR REPLACE TEMP VIEW co_mention_pairs_contribution AS
WITH m AS (
    SELECT DISTINCT article_id, sentence_index, entity_id
    FROM agg_mentions
    WHERE article_id IN (SELECT article_id FROM touched)
)
SELECT x.entity_id AS entity_a, y.entity_id AS entity_b,
       count(DISTINCT x.article_id) AS articles,
       count(DISTINCT CASE WHEN x.sentence_index = y.sentence_index
                           THEN (x.article_id, x.sentence_index) END) AS sentences
FROM m x
JOIN m y ON x.article_id = y.article_id AND x.entity_id < y.entity_id
GROUP BY ALL;
