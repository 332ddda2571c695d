-- name: top_entities
-- purpose: Most-mentioned entities of a type over a publication-date range.
-- param type PER|LOC|ORG|ALL: entity type (default ALL)
-- param date_from date: first publication date, inclusive; none = open (default none)
-- param date_to date: last publication date, inclusive; none = open (default none)
-- param limit int: rows (default 20)
-- Undated articles count only when no date bound is given.
-- With no date bound, any state reads the entity aggregates (entities_as_of: entity_stats and
-- entity_forms, or their history as of an older run); with one, the mentions are counted. The
-- branch not taken is pruned at planning.
SELECT e.entity_id, e.type, e.name, e.mention_count AS mentions, e.article_count AS articles,
       e.aliases
FROM entities_as_of($as_of_run) e
WHERE $date_from IS NULL AND $date_to IS NULL
  AND e.mention_count > 0 AND ($type = 'ALL' OR e.type = $type)
UNION ALL
SELECT e.entity_id,
       e.type,
       e.name,
       count(*) AS mentions,
       count(DISTINCT m.article_id) AS articles,
       list_sort(list_distinct(list(m.text))) AS aliases
FROM mentions_as_of($as_of_run) m
SEMI JOIN report_articles($as_of_run, $date_from, $date_to) a ON a.article_id = m.article_id
JOIN report_registry($as_of_run) e ON e.entity_id = m.entity_id
WHERE NOT ($date_from IS NULL AND $date_to IS NULL)
  AND ($type = 'ALL' OR e.type = $type)
GROUP BY e.entity_id, e.type, e.name
ORDER BY mentions DESC, articles DESC, name, entity_id
LIMIT $limit;
