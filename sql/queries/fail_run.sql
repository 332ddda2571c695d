UPDATE runs SET status = 'failed', finished_at = now()::TIMESTAMP, error = $error WHERE run_id = $run_id;
