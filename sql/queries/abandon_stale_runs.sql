-- Runs left "running" by a process that died: the writer lock is ours, so nobody runs them.
UPDATE runs SET status = 'failed', finished_at = now()::TIMESTAMP,
       error = coalesce(error, 'interrupted: the process ended before the run committed')
WHERE status = 'running';
