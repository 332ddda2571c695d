-- Data-quality results of a run: every check with its failures, then the run's warnings
-- (failures isolated to a piece of text) grouped by stage and error.
SELECT c.kind,
       c.check_name AS "check",
       c.table_name AS "table",
       c.failures,
       c.status,
       NULL::VARCHAR AS detail
FROM dq_checks c
WHERE c.run_id = $run_id
UNION ALL
SELECT 'warning' AS kind,
       w.stage AS "check",
       NULL AS "table",
       count(*) AS failures,
       'warning' AS status,
       left(w.error, 200) AS detail
FROM dq_warnings w
WHERE w.run_id = $run_id
GROUP BY w.stage, left(w.error, 200)
ORDER BY kind, failures DESC, "check";
