-- name: articles_mentioning
-- purpose: Articles that mention an entity, with how often and where it first appears.
-- param entity text: entity_id, name or alias (case-insensitive); none = most-mentioned entity (default none)
-- param date_from date: first publication date, inclusive; none = open (default none)
-- param date_to date: last publication date, inclusive; none = open (default none)
-- param limit int: rows (default 50)
-- Undated articles are listed (last) only when no date bound is given.
WITH target AS (
    SELECT entity_id, name FROM report_entity($as_of_run, $entity)
), hits AS (
    SELECT m.article_id,
           count(*) AS mentions,
           min(m.start) AS first_start,
           arg_min(m.stop, m.start) AS first_stop,
           list_sort(list_distinct(list(m.text))) AS forms
    FROM mentions_as_of($as_of_run) m
    WHERE m.entity_id = (SELECT entity_id FROM target)
    GROUP BY m.article_id
), ranked AS (   -- the page of articles first, so only its texts are read
    SELECT h.*, a.published_at
    FROM hits h
    JOIN (SELECT article_id, published_at FROM report_articles($as_of_run, $date_from, $date_to)) a
      ON a.article_id = h.article_id
    ORDER BY a.published_at DESC NULLS LAST, h.mentions DESC, h.article_id
    LIMIT $limit
)
SELECT (SELECT entity_id FROM target) AS entity_id,
       (SELECT name FROM target) AS entity_name,
       a.article_id,
       a.title,
       a.published_at,
       a.source_path,
       a.url,
       h.mentions,
       h.forms,
       -- offsets are 0-based str indices, substring() is 1-based
       substring(a.text, greatest(h.first_start - 80, 0) + 1,
                 h.first_stop - greatest(h.first_start - 80, 0) + 80) AS context
FROM ranked h
JOIN articles_as_of($as_of_run) a ON a.article_id = h.article_id
ORDER BY a.published_at DESC NULLS LAST, h.mentions DESC, a.article_id;
