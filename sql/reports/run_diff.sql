-- name: run_diff
-- purpose: What changed in the warehouse between two runs: articles, entities, mentions and events added, removed or changed.
-- param from_run int: the earlier state; none = the committed run before to_run, or the empty warehouse (default none)
-- param to_run int: the later state; none = the latest committed run (default none)
-- param kind article|entity|mention|event|ALL: which rows to compare (default ALL)
-- param limit int: rows listed per kind and change, the first by article and label; none = every row (default 20)
-- States are "as of" each run (committed runs up to it). An entity counts as present while
-- at least one current mention names it. "changed": an article's text, a mention's entity or an
-- event's date differs between the two states.
-- Only rows whose validity range opened or closed between the two runs (or whose entity a
-- redirect of those runs moved) can differ, so each state is read for those rows alone.
-- total: how many rows of its kind and change the diff has, so the default listing is a
-- summary of a run of any size (a run of 20,000 articles changes ~470,000 rows); with
-- limit=none every row is listed.
WITH bounds AS (
    SELECT coalesce($to_run, (SELECT max(run_id) FROM committed_runs_as_of($as_of_run))) AS to_run
), bounds2 AS (
    SELECT to_run,
           coalesce($from_run,
                    (SELECT max(run_id) FROM committed_runs_as_of(b.to_run - 1)), 0) AS from_run
    FROM bounds b
), span AS (   -- runs after the earlier state, up to the later one
    SELECT least(from_run, to_run) AS lo, greatest(from_run, to_run) AS hi FROM bounds2
), moved AS (  -- ids a redirect of those runs maps elsewhere, and their targets
    SELECT entity_id, target_id FROM entity_redirects
    WHERE run_id > (SELECT lo FROM span) AND run_id <= (SELECT hi FROM span)
), span_runs AS (   -- as a join key: its min and max reach the scans of the history tables
    -- as a filter, so their run_id zone maps (rows go in run by run) skip the other runs
    SELECT run_id FROM runs WHERE run_id > (SELECT lo FROM span) AND run_id <= (SELECT hi FROM span)
), m_rows AS (   -- the rows whose range opened or closed in the span or whose entity moved,
    -- each once: a row current in both states and not moved is the same in both, so it is
    -- left out of both
    SELECT mention_id, type, text, article_id, entity_id, run_id, valid_to FROM mentions_history
    WHERE run_id IN (SELECT run_id FROM span_runs)
    UNION ALL
    SELECT mention_id, type, text, article_id, entity_id, run_id, valid_to FROM mentions_history
    WHERE valid_to > (SELECT lo FROM span) AND valid_to <= (SELECT hi FROM span)
      AND NOT (run_id > (SELECT lo FROM span) AND run_id <= (SELECT hi FROM span))
    UNION ALL
    SELECT mention_id, type, text, article_id, entity_id, run_id, valid_to FROM mentions_history
    WHERE entity_id IN (SELECT entity_id FROM moved)
      AND NOT (run_id > (SELECT lo FROM span) AND run_id <= (SELECT hi FROM span))
      AND NOT coalesce(valid_to > (SELECT lo FROM span) AND valid_to <= (SELECT hi FROM span), false)
), m_old AS (   -- mentions_as_of's rows and entity, of m_rows
    SELECT m.mention_id, 'mention' AS kind, m.type, m.text, m.article_id,
           coalesce(r.target_id, m.entity_id) AS entity_id
    FROM m_rows m
    LEFT JOIN entity_redirects_as_of((SELECT from_run FROM bounds2)) r ON r.entity_id = m.entity_id
    WHERE m.run_id IN (SELECT run_id FROM committed_runs_as_of((SELECT from_run FROM bounds2)))
      AND (m.valid_to IS NULL OR m.valid_to > (SELECT from_run FROM bounds2))
), m_new AS (
    SELECT m.mention_id, 'mention' AS kind, m.type, m.text, m.article_id,
           coalesce(r.target_id, m.entity_id) AS entity_id
    FROM m_rows m
    LEFT JOIN entity_redirects_as_of((SELECT to_run FROM bounds2)) r ON r.entity_id = m.entity_id
    WHERE m.run_id IN (SELECT run_id FROM committed_runs_as_of((SELECT to_run FROM bounds2)))
      AND (m.valid_to IS NULL OR m.valid_to > (SELECT to_run FROM bounds2))
), changed_entities AS (   -- those whose presence can differ: named by a changed mention, moved, or registered
    SELECT entity_id FROM m_old UNION SELECT entity_id FROM m_new
    UNION SELECT entity_id FROM moved UNION SELECT target_id FROM moved
    UNION SELECT entity_id FROM entities_history
          GROUP BY entity_id
          HAVING min(run_id) > (SELECT lo FROM span) AND min(run_id) <= (SELECT hi FROM span)
), named_old AS (  -- the changed entities a mention of the earlier state names; when the
    -- later state is the current one (no to_run, no --as-of-run), entity_stats counts its
    -- mentions (the branch not taken is pruned at planning)
    SELECT DISTINCT entity_id FROM mentions_as_of((SELECT from_run FROM bounds2))
    WHERE NOT ($to_run IS NULL AND $as_of_run >= 9223372036854775807)
      AND entity_id IN (SELECT entity_id FROM changed_entities)
    UNION ALL
    -- every mention outside m_rows is the same in both states, so the earlier
    -- state's count is the current one less the changed mentions now plus those then
    SELECT entity_id FROM (
        SELECT entity_id, mentions FROM entity_stats
        WHERE entity_id IN (SELECT entity_id FROM changed_entities)
        UNION ALL SELECT entity_id, -count(*) FROM m_new GROUP BY entity_id
        UNION ALL SELECT entity_id, count(*) FROM m_old GROUP BY entity_id
    )
    WHERE $to_run IS NULL AND $as_of_run >= 9223372036854775807
    GROUP BY entity_id
    HAVING sum(mentions) > 0
), named_new AS (
    SELECT DISTINCT entity_id FROM mentions_as_of((SELECT to_run FROM bounds2))
    WHERE NOT ($to_run IS NULL AND $as_of_run >= 9223372036854775807)
      AND entity_id IN (SELECT entity_id FROM changed_entities)
    UNION ALL
    SELECT entity_id FROM entity_stats
    WHERE $to_run IS NULL AND $as_of_run >= 9223372036854775807 AND mentions > 0
      AND entity_id IN (SELECT entity_id FROM changed_entities)
), registry_old AS (   -- entities_as_of's registry: first registration, redirected ids left out
    SELECT entity_id, type, name FROM entities_history
    WHERE run_id IN (SELECT run_id FROM committed_runs_as_of((SELECT from_run FROM bounds2)))
      AND entity_id IN (SELECT entity_id FROM named_old)
      AND entity_id NOT IN (SELECT entity_id FROM entity_redirects_as_of((SELECT from_run FROM bounds2)))
    QUALIFY row_number() OVER (PARTITION BY entity_id ORDER BY run_id) = 1
), registry_new AS (
    SELECT entity_id, type, name FROM entities_history
    WHERE run_id IN (SELECT run_id FROM committed_runs_as_of((SELECT to_run FROM bounds2)))
      AND entity_id IN (SELECT entity_id FROM named_new)
      AND entity_id NOT IN (SELECT entity_id FROM entity_redirects_as_of((SELECT to_run FROM bounds2)))
    QUALIFY row_number() OVER (PARTITION BY entity_id ORDER BY run_id) = 1
), a_rows AS (
    SELECT article_id, title, source_path, content_hash, run_id, valid_to FROM articles_history
    WHERE run_id IN (SELECT run_id FROM span_runs)
    UNION ALL
    SELECT article_id, title, source_path, content_hash, run_id, valid_to FROM articles_history
    WHERE valid_to > (SELECT lo FROM span) AND valid_to <= (SELECT hi FROM span)
      AND NOT (run_id > (SELECT lo FROM span) AND run_id <= (SELECT hi FROM span))
), a_old AS (   -- articles_as_of's rows, of a_rows
    SELECT article_id AS id, 'article' AS kind, NULL AS type, coalesce(title, source_path) AS label,
           article_id, content_hash AS fingerprint
    FROM a_rows
    WHERE run_id IN (SELECT run_id FROM committed_runs_as_of((SELECT from_run FROM bounds2)))
      AND (valid_to IS NULL OR valid_to > (SELECT from_run FROM bounds2))
), a_new AS (
    SELECT article_id AS id, 'article' AS kind, NULL AS type, coalesce(title, source_path) AS label,
           article_id, content_hash AS fingerprint
    FROM a_rows
    WHERE run_id IN (SELECT run_id FROM committed_runs_as_of((SELECT to_run FROM bounds2)))
      AND (valid_to IS NULL OR valid_to > (SELECT to_run FROM bounds2))
), e_old AS (
    SELECT entity_id, 'entity', type, name, NULL, NULL FROM registry_old
), e_new AS (
    SELECT entity_id, 'entity', type, name, NULL, NULL FROM registry_new
), v_rows AS (
    SELECT event_id, type, trigger_text, article_id, event_date, run_id, valid_to FROM events_history
    WHERE run_id IN (SELECT run_id FROM span_runs)
    UNION ALL
    SELECT event_id, type, trigger_text, article_id, event_date, run_id, valid_to FROM events_history
    WHERE valid_to > (SELECT lo FROM span) AND valid_to <= (SELECT hi FROM span)
      AND NOT (run_id > (SELECT lo FROM span) AND run_id <= (SELECT hi FROM span))
), v_old AS (   -- events_as_of's rows (without the article columns it adds), of v_rows
    SELECT event_id, 'event', type, trigger_text, article_id, CAST(event_date AS VARCHAR)
    FROM v_rows
    WHERE run_id IN (SELECT run_id FROM committed_runs_as_of((SELECT from_run FROM bounds2)))
      AND (valid_to IS NULL OR valid_to > (SELECT from_run FROM bounds2))
), v_new AS (
    SELECT event_id, 'event', type, trigger_text, article_id, CAST(event_date AS VARCHAR)
    FROM v_rows
    WHERE run_id IN (SELECT run_id FROM committed_runs_as_of((SELECT to_run FROM bounds2)))
      AND (valid_to IS NULL OR valid_to > (SELECT to_run FROM bounds2))
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
-- The first $limit rows of each kind and change: a heap per group (min_by) for short listings,
-- a sort of every change for long ones (the two list the same rows).
, kept AS (
    SELECT * FROM changes WHERE $kind = 'ALL' OR kind = $kind
), totals AS (
    SELECT kind, change, count(*) AS total FROM kept GROUP BY kind, change
), listed AS (
    SELECT * FROM kept
    WHERE $limit IS NULL OR $limit > 1000
    QUALIFY $limit IS NULL
         OR row_number() OVER (PARTITION BY kind, change ORDER BY article_id, label, id) <= $limit
    UNION ALL
    SELECT unnest(min_by(k, {a_null: k.article_id IS NULL, a: k.article_id,
                             l_null: k.label IS NULL, l: k.label, i: k.id},
                         least(greatest(coalesce($limit, 1), 1), 1000)), recursive := true)
    FROM kept k
    WHERE $limit BETWEEN 1 AND 1000
    GROUP BY k.kind, k.change
)
SELECT (SELECT from_run FROM bounds2) AS from_run,
       (SELECT to_run FROM bounds2) AS to_run,
       c.kind, c.change, c.id, c.type, c.label, c.article_id, t.total
FROM listed c
JOIN totals t USING (kind, change)
ORDER BY CASE c.kind WHEN 'article' THEN 1 WHEN 'entity' THEN 2 WHEN 'event' THEN 3 ELSE 4 END,
         c.change, c.article_id, c.label, c.id;
