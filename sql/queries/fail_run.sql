-- Only a run still running: an interrupt that lands just after the load committed must not
-- relabel a committed run.
UPDATE runs SET status = 'failed', finished_at = now()::TIMESTAMP, error = $error
WHERE run_id = $run_id AND status = 'running';
