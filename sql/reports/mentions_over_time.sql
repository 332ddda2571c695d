-- name: mentions_over_time
-- purpose: Mentions per publication day (or month/year) and entity type, for all entities or one.
-- param entity text: entity_id, name or alias; none = all entities (default none)
-- param type PER|LOC|ORG|ALL: entity type (default ALL)
-- param by day|month|year: period length (default day)
-- param date_from date: first publication date, inclusive; none = open (default none)
-- param date_to date: last publication date, inclusive; none = open (default none)
-- Undated articles form a row with period NULL (listed last) when no date bound is given.
-- The current state reads mention_days and entity_days (kept by the load; every count there is
-- a sum over articles, and an article has one day), an earlier one their history (*_as_of).
-- The branch not taken is pruned at planning.
WITH target AS (
    SELECT entity_id FROM report_entity($as_of_run, $entity) WHERE $entity IS NOT NULL
), days AS (
    SELECT CAST(date_trunc($by, d.day) AS DATE) AS period, d.type, CAST(sum(d.mentions) AS BIGINT) AS mentions,
           CAST(sum(d.articles) AS BIGINT) AS articles
    FROM (SELECT * FROM mention_days WHERE $as_of_run >= 9223372036854775807
          UNION ALL
          SELECT * FROM mention_days_as_of($as_of_run) WHERE $as_of_run < 9223372036854775807) d
    WHERE $entity IS NULL
      AND in_date_range(d.day, $date_from, $date_to) AND ($type = 'ALL' OR d.type = $type)
    GROUP BY ALL
), entity_rows AS (
    SELECT d.*
    FROM (SELECT * FROM entity_days WHERE $as_of_run >= 9223372036854775807
          UNION ALL
          SELECT * FROM entity_days_as_of($as_of_run) WHERE $as_of_run < 9223372036854775807) d
    WHERE in_date_range(d.day, $date_from, $date_to) AND ($type = 'ALL' OR d.type = $type)
      AND ($entity IS NULL OR d.entity_id IN (SELECT entity_id FROM target))
), entity_periods AS (
    -- by day, an entity has one row per (type, day): its rows are counted, and the entity ids
    -- (most of what the table holds) need not be read; longer periods count distinct ids
    SELECT d.day AS period, d.type, CAST(sum(d.mentions) AS BIGINT) AS mentions,
           CAST(sum(d.articles) AS BIGINT) AS articles, count(*) AS entities
    FROM entity_rows d
    WHERE $by = 'day'
    GROUP BY ALL
    UNION ALL
    SELECT CAST(date_trunc($by, d.day) AS DATE) AS period, d.type, CAST(sum(d.mentions) AS BIGINT) AS mentions,
           CAST(sum(d.articles) AS BIGINT) AS articles, count(DISTINCT d.entity_id) AS entities
    FROM entity_rows d
    WHERE $by <> 'day'
    GROUP BY ALL
)
SELECT e.period, e.type,
       CASE WHEN $entity IS NULL THEN d.mentions ELSE e.mentions END AS mentions,
       CASE WHEN $entity IS NULL THEN d.articles ELSE e.articles END AS articles,
       e.entities
FROM entity_periods e
LEFT JOIN days d ON d.period IS NOT DISTINCT FROM e.period AND d.type = e.type
ORDER BY period NULLS LAST, type;
