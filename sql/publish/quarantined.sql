-- Rows a run quarantined, with the reason, grouped so one bad file does not flood the list.
SELECT q.stage,
       q.table_name,
       q.check_name,
       q.column_name,
       q.reason,
       q.source_path,
       count(*) AS rows,
       min(q.value) AS example_value
FROM quarantine q
WHERE q.run_id = $run_id
GROUP BY q.stage, q.table_name, q.check_name, q.column_name, q.reason, q.source_path
ORDER BY rows DESC, q.stage, q.source_path, q.reason
LIMIT $limit;
