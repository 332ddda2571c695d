-- name: mentions_over_time
-- purpose: Mentions per publication day (or month/year) and entity type, for all entities or one.
-- param entity text: entity_id, name or alias; none = all entities (default none)
-- param type PER|LOC|ORG|ALL: entity type (default ALL)
-- param by day|month|year: period length (default day)
-- param date_from date: first publication date, inclusive; none = open (default none)
-- param date_to date: last publication date, inclusive; none = open (default none)
-- Undated articles form a row with period NULL (listed last) when no date bound is given.
SELECT CAST(date_trunc($by, a.published_at) AS DATE) AS period,
       m.type,
       count(*) AS mentions,
       count(DISTINCT m.article_id) AS articles,
       count(DISTINCT m.entity_id) AS entities
FROM mentions_as_of($as_of_run) m
JOIN report_articles($as_of_run, $date_from, $date_to) a ON a.article_id = m.article_id
WHERE ($type = 'ALL' OR m.type = $type)
  AND ($entity IS NULL
       OR m.entity_id = (SELECT entity_id FROM report_entity($as_of_run, $entity)))
GROUP BY ALL
ORDER BY period NULLS LAST, m.type;
