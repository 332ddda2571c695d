-- Open a run: its row says "running" until the load transaction commits it.
INSERT INTO runs (run_id, flow_run_id, flow_name, started_at, status, code_version,
                  extractor_version, model_versions, parameters)
VALUES (nextval('run_id_seq'), $flow_run_id, $flow_name, now()::TIMESTAMP, 'running', $code_version,
        $extractor_version, $model_versions, $parameters)
RETURNING run_id;
