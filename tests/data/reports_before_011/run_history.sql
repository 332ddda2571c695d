-- name: run_history
-- purpose: Runs, newest first: status, timing, versions and what each run loaded.
-- param status text: committed, failed, running or ALL (default ALL)
-- param limit int: rows (default 20)
SELECT run_id,
       status,
       started_at,
       finished_at,
       round(epoch(finished_at - started_at), 1) AS seconds,
       files_seen,
       files_loaded,
       files_unchanged,
       files_quarantined,
       articles_new,
       articles_changed,
       articles_unchanged,
       mentions,
       entities,
       events,
       quarantined,
       warnings,
       extractor_version,
       code_version,
       flow_run_id,
       error
FROM runs
WHERE run_id <= $as_of_run AND ($status = 'ALL' OR status = $status)
ORDER BY run_id DESC
LIMIT $limit;
