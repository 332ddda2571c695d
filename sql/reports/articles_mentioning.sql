-- name: articles_mentioning
-- purpose: Articles that mention an entity, with how often and where it first appears.
-- param entity text: entity_id, name or alias (case-insensitive); none = most-mentioned entity (default none)
-- param date_from date: first publication date, inclusive; none = open (default none)
-- param date_to date: last publication date, inclusive; none = open (default none)
-- param limit int: rows (default 50)
-- Undated articles are listed (last) only when no date bound is given.
-- The page is the latest articles, so only the latest publication days naming the entity are
-- read: entity_days (its history as of an older run) says which days those are - enough days
-- to hold $limit articles, counted per day by its most frequent mention type, a lower bound on
-- the day's articles - and only those days' articles' mentions are read.
WITH target AS (
    SELECT entity_id, name FROM report_entity($as_of_run, $entity)
), per_day AS (
    SELECT d.day, max(d.articles) AS articles
    FROM (SELECT * FROM entity_days WHERE $as_of_run >= 9223372036854775807
          UNION ALL
          SELECT * FROM entity_days_as_of($as_of_run) WHERE $as_of_run < 9223372036854775807) d
    WHERE d.entity_id = (SELECT entity_id FROM target) AND in_date_range(d.day, $date_from, $date_to)
    GROUP BY d.day
), days AS (   -- the latest days until they hold $limit articles (undated last)
    SELECT day FROM (
        SELECT day, articles,
               sum(articles) OVER (ORDER BY day DESC NULLS LAST ROWS UNBOUNDED PRECEDING) AS upto
        FROM per_day)
    WHERE upto - articles < $limit
), candidates AS (
    SELECT a.article_id, a.published_at, a.run_id
    FROM report_articles($as_of_run, $date_from, $date_to) a
    SEMI JOIN days d ON d.day IS NOT DISTINCT FROM CAST(a.published_at AS DATE)
), hits AS (   -- their current extraction's mentions with a stored id of the entity: rows of
               -- the extraction's run only, so the zone maps of run_id skip the other runs
    SELECT m.article_id,
           count(*) AS mentions,
           min(m.start) AS first_start,
           arg_min(m.stop, m.start) AS first_stop,
           list_sort(list_distinct(list(m.text))) AS forms
    FROM mentions_history m
    SEMI JOIN (SELECT x.article_id, x.run_id FROM extractions_as_of($as_of_run) x
               WHERE x.article_id IN (SELECT article_id FROM candidates)) x
          ON m.article_id = x.article_id AND m.run_id = x.run_id
    -- a list, not a join: the extraction join's run_id bounds then reach the scan
    WHERE list_contains((SELECT list(entity_id) FROM report_stored_ids($as_of_run, (SELECT entity_id FROM target))),
                        m.entity_id)
    GROUP BY m.article_id
), ranked AS (   -- the page of articles first, so only its texts are read
    SELECT h.*, a.published_at, a.run_id
    FROM hits h
    JOIN candidates a ON a.article_id = h.article_id
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
FROM ranked h   -- the page's versions by (id, run): the zone maps of run_id skip other runs' texts
JOIN articles_history a ON a.article_id = h.article_id AND a.run_id = h.run_id
ORDER BY a.published_at DESC NULLS LAST, h.mentions DESC, a.article_id;
