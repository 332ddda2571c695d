INSERT INTO dq_checks (run_id, check_name, kind, table_name, failures, status)
VALUES ($run_id, $check_name, $kind, $table_name, $failures, $status);
