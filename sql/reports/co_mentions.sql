-- name: co_mentions
-- purpose: Co-mention network: pairs of entities named in the same article, with counts.
-- param entity text: only pairs involving this entity (id, name or alias); none = all pairs (default none)
-- param type PER|LOC|ORG|ALL: both entities of this type (default ALL)
-- param min_articles int: keep pairs seen together in at least this many articles (default 1)
-- param date_from date: first publication date, inclusive; none = open (default none)
-- param date_to date: last publication date, inclusive; none = open (default none)
-- param limit int: rows (default 50)
-- `sentences` counts the sentences naming both: a tighter link than sharing an article.
-- With no date bound, the current state reads co_mention_pairs (kept by the load) and an older
-- one co_mention_pairs_as_of (its history); with one, the pairs are counted from the mentions.
-- The branches not taken are pruned at planning.
WITH kept AS (
    SELECT p.entity_a, p.entity_b, p.articles, p.sentences
    FROM (SELECT * FROM co_mention_pairs WHERE $as_of_run >= 9223372036854775807
          UNION ALL
          SELECT * FROM co_mention_pairs_as_of($as_of_run) WHERE $as_of_run < 9223372036854775807) p
    WHERE $date_from IS NULL AND $date_to IS NULL
      AND p.articles >= $min_articles
      AND ($entity IS NULL
           OR p.entity_a IN (SELECT entity_id FROM report_entity($as_of_run, $entity))
           OR p.entity_b IN (SELECT entity_id FROM report_entity($as_of_run, $entity)))
), m AS (
    SELECT DISTINCT m.article_id, m.sentence_index, m.entity_id
    FROM mentions_as_of($as_of_run) m
    SEMI JOIN report_articles($as_of_run, $date_from, $date_to) a ON a.article_id = m.article_id
    WHERE NOT ($date_from IS NULL AND $date_to IS NULL)
      AND ($type = 'ALL' OR m.type = $type)
), target AS (
    SELECT entity_id FROM report_entity($as_of_run, $entity) WHERE $entity IS NOT NULL
), pairs AS (
    SELECT x.entity_id AS entity_a,
           y.entity_id AS entity_b,
           count(DISTINCT x.article_id) AS articles,
           count(DISTINCT CASE WHEN x.sentence_index = y.sentence_index
                               THEN (x.article_id, x.sentence_index) END) AS sentences
    FROM m x
    JOIN m y ON x.article_id = y.article_id AND x.entity_id < y.entity_id
    WHERE $entity IS NULL
       OR x.entity_id IN (SELECT entity_id FROM target)
       OR y.entity_id IN (SELECT entity_id FROM target)
    GROUP BY x.entity_id, y.entity_id
    HAVING count(DISTINCT x.article_id) >= $min_articles
    UNION ALL
    SELECT * FROM kept
)
SELECT p.entity_a,
       ea.type AS type_a,
       ea.name AS name_a,
       p.entity_b,
       eb.type AS type_b,
       eb.name AS name_b,
       p.articles,
       p.sentences
FROM pairs p
JOIN report_registry($as_of_run) ea ON ea.entity_id = p.entity_a
JOIN report_registry($as_of_run) eb ON eb.entity_id = p.entity_b
WHERE $type = 'ALL' OR (ea.type = $type AND eb.type = $type)
ORDER BY p.articles DESC, p.sentences DESC, ea.name, eb.name
LIMIT $limit;
