-- name: dq_summary
-- purpose: Data quality per run: every check with its failures, quarantined rows by reason, and extraction warnings by stage.
-- param run int: one run id; none = every run (default none)
-- One row per (run, category, name). category: check (count = failing rows, status passed|failed),
-- quarantine (count = rows quarantined for that reason), warning (count = isolated failures).
WITH runs_in_scope AS (
    SELECT run_id, status
    FROM runs
    WHERE run_id <= $as_of_run AND ($run IS NULL OR run_id = $run)
), items AS (
    SELECT run_id, 'check' AS category, kind AS stage, table_name, check_name AS name,
           failures AS count, status
    FROM dq_checks
    UNION ALL
    SELECT run_id, 'quarantine', stage, table_name, reason, count(*), 'quarantined'
    FROM quarantine
    GROUP BY run_id, stage, table_name, reason
    UNION ALL
    -- the error's first line names its kind; the rest is per-text detail
    SELECT run_id, 'warning', stage, NULL, split_part(error, chr(10), 1), count(*), 'warning'
    FROM dq_warnings
    GROUP BY run_id, stage, split_part(error, chr(10), 1)
)
SELECT r.run_id,
       r.status AS run_status,
       i.category,
       i.stage,
       i.table_name,
       i.name,
       i.count,
       i.status
FROM runs_in_scope r
JOIN items i ON i.run_id = r.run_id
ORDER BY r.run_id DESC,
         CASE i.category WHEN 'check' THEN 1 WHEN 'quarantine' THEN 2 ELSE 3 END,
         i.count DESC, i.name;
