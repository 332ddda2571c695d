-- name: run_diff
-- purpose: What changed in the warehouse between two runs: articles, entities, mentions and events added, removed or changed.
-- param from_run int: the earlier state; none = the committed run before to_run, or the empty warehouse (default none)
-- param to_run int: the later state; none = the latest committed run (default none)
-- param kind article|entity|mention|event|ALL: which rows to compare (default ALL)
-- States are "as of" each run (committed runs up to it). An entity counts as present while
-- at least one current mention names it. "changed": an article's text, a mention's entity or an
-- event's date differs between the two states.
WITH bounds AS (
    SELECT coalesce($to_run, (SELECT max(run_id) FROM committed_runs_as_of($as_of_run))) AS to_run
), bounds2 AS (
    SELECT to_run,
           coalesce($from_run,
                    (SELECT max(run_id) FROM committed_runs_as_of(b.to_run - 1)), 0) AS from_run
    FROM bounds b
), a_old AS (
    SELECT article_id AS id, 'article' AS kind, NULL AS type, coalesce(title, source_path) AS label,
           article_id, content_hash AS fingerprint
    FROM articles_as_of((SELECT from_run FROM bounds2))
), a_new AS (
    SELECT article_id AS id, 'article' AS kind, NULL AS type, coalesce(title, source_path) AS label,
           article_id, content_hash AS fingerprint
    FROM articles_as_of((SELECT to_run FROM bounds2))
), e_old AS (
    SELECT entity_id, 'entity', type, name, NULL, NULL
    FROM entities_as_of((SELECT from_run FROM bounds2)) WHERE mention_count > 0
), e_new AS (
    SELECT entity_id, 'entity', type, name, NULL, NULL
    FROM entities_as_of((SELECT to_run FROM bounds2)) WHERE mention_count > 0
), m_old AS (
    SELECT mention_id, 'mention', type, text, article_id, entity_id
    FROM mentions_as_of((SELECT from_run FROM bounds2))
), m_new AS (
    SELECT mention_id, 'mention', type, text, article_id, entity_id
    FROM mentions_as_of((SELECT to_run FROM bounds2))
), v_old AS (
    SELECT event_id, 'event', type, trigger_text, article_id, CAST(event_date AS VARCHAR)
    FROM events_as_of((SELECT from_run FROM bounds2))
), v_new AS (
    SELECT event_id, 'event', type, trigger_text, article_id, CAST(event_date AS VARCHAR)
    FROM events_as_of((SELECT to_run FROM bounds2))
), old_state AS (
    SELECT * FROM a_old UNION ALL SELECT * FROM e_old
    UNION ALL SELECT * FROM m_old UNION ALL SELECT * FROM v_old
), new_state AS (
    SELECT * FROM a_new UNION ALL SELECT * FROM e_new
    UNION ALL SELECT * FROM m_new UNION ALL SELECT * FROM v_new
), changes AS (
    SELECT coalesce(n.kind, o.kind) AS kind,
           CASE WHEN o.id IS NULL THEN 'added'
                WHEN n.id IS NULL THEN 'removed'
                ELSE 'changed' END AS change,
           coalesce(n.id, o.id) AS id,
           coalesce(n.type, o.type) AS type,
           coalesce(n.label, o.label) AS label,
           coalesce(n.article_id, o.article_id) AS article_id
    FROM old_state o
    FULL JOIN new_state n ON n.kind = o.kind AND n.id = o.id
    WHERE o.id IS NULL OR n.id IS NULL
       OR n.fingerprint IS DISTINCT FROM o.fingerprint
)
SELECT (SELECT from_run FROM bounds2) AS from_run,
       (SELECT to_run FROM bounds2) AS to_run,
       c.kind, c.change, c.id, c.type, c.label, c.article_id
FROM changes c
WHERE $kind = 'ALL' OR c.kind = $kind
ORDER BY CASE c.kind WHEN 'article' THEN 1 WHEN 'entity' THEN 2 WHEN 'event' THEN 3 ELSE 4 END,
         c.change, c.article_id, c.label, c.id;
