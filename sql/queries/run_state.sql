-- The newest run (id, status) and the last committed one: what a run that ended early left.
SELECT coalesce(max(run_id), 0) AS newest,
       coalesce(arg_max(status, run_id), '') AS newest_status,
       coalesce(max(run_id) FILTER (WHERE status = 'committed'), 0) AS committed
FROM runs;
