-- name: co_mention_network
-- purpose: The co-mention network of the most-mentioned entities: one row per entity (a node) and one per pair of them named in the same article (an edge).
-- param type PER|LOC|ORG|ALL: entity type of the nodes (default ALL)
-- param nodes int: how many of the most-mentioned entities are nodes (default 30)
-- param min_articles int: keep edges seen in at least this many articles (default 1)
-- param date_from date: first publication date, inclusive; none = open (default none)
-- param date_to date: last publication date, inclusive; none = open (default none)
-- Nodes are ranked as top_entities ranks them. kind = 'node' rows carry the entity in
-- entity_a (entity_b NULL) with its mentions and articles; kind = 'edge' rows a pair
-- (entity_a < entity_b) with the articles and sentences naming both.
-- With no date bound, the current state reads entity_stats and co_mention_pairs (kept by the
-- load) and an older one their history (*_as_of); with one, the mentions are counted. The
-- branches not taken are pruned at planning.
WITH m AS (
    SELECT m.article_id, m.sentence_index, e.entity_id, e.type, e.name
    FROM mentions_as_of($as_of_run) m
    SEMI JOIN report_articles($as_of_run, $date_from, $date_to) a ON a.article_id = m.article_id
    JOIN report_registry($as_of_run) e ON e.entity_id = m.entity_id
    WHERE NOT ($date_from IS NULL AND $date_to IS NULL)
      AND ($type = 'ALL' OR e.type = $type)
), nodes AS (
    SELECT * FROM (
        SELECT entity_id, type, name, count(*) AS mentions, count(DISTINCT article_id) AS articles
        FROM m
        GROUP BY entity_id, type, name
        UNION ALL
        SELECT s.entity_id, r.type, r.name, s.mentions, s.articles
        FROM (SELECT * FROM entity_stats WHERE $as_of_run >= 9223372036854775807
              UNION ALL
              SELECT * FROM entity_stats_as_of($as_of_run) WHERE $as_of_run < 9223372036854775807) s
        JOIN report_registry($as_of_run) r ON r.entity_id = s.entity_id
        WHERE $date_from IS NULL AND $date_to IS NULL
          AND ($type = 'ALL' OR r.type = $type)
    )
    ORDER BY mentions DESC, articles DESC, name, entity_id
    LIMIT $nodes
), seen AS (
    SELECT DISTINCT article_id, sentence_index, entity_id
    FROM m SEMI JOIN nodes USING (entity_id)
), edges AS (
    SELECT x.entity_id AS entity_a, y.entity_id AS entity_b,
           count(DISTINCT x.article_id) AS articles,
           count(DISTINCT CASE WHEN x.sentence_index = y.sentence_index
                               THEN (x.article_id, x.sentence_index) END) AS sentences
    FROM seen x
    JOIN seen y ON x.article_id = y.article_id AND x.entity_id < y.entity_id
    GROUP BY x.entity_id, y.entity_id
    HAVING count(DISTINCT x.article_id) >= $min_articles
    UNION ALL
    SELECT p.entity_a, p.entity_b, p.articles, p.sentences
    FROM (SELECT * FROM co_mention_pairs WHERE $as_of_run >= 9223372036854775807
          UNION ALL
          SELECT * FROM co_mention_pairs_as_of($as_of_run) WHERE $as_of_run < 9223372036854775807) p
    WHERE $date_from IS NULL AND $date_to IS NULL
      AND p.articles >= $min_articles
      AND p.entity_a IN (SELECT entity_id FROM nodes) AND p.entity_b IN (SELECT entity_id FROM nodes)
)
SELECT 'node' AS kind, entity_id AS entity_a, type AS type_a, name AS name_a,
       NULL::VARCHAR AS entity_b, NULL::VARCHAR AS type_b, NULL::VARCHAR AS name_b,
       mentions, articles, NULL::BIGINT AS sentences
FROM nodes
UNION ALL
SELECT 'edge', e.entity_a, na.type, na.name, e.entity_b, nb.type, nb.name,
       NULL, e.articles, e.sentences
FROM edges e
JOIN nodes na ON na.entity_id = e.entity_a
JOIN nodes nb ON nb.entity_id = e.entity_b
ORDER BY kind DESC, mentions DESC NULLS LAST, articles DESC, name_a, name_b;
