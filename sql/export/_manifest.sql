-- The state an export reflects: the last committed run and the schema version.
SELECT (SELECT max(run_id) FROM runs WHERE status = 'committed') AS run_id,
       (SELECT max(finished_at) FROM runs WHERE status = 'committed') AS run_finished_at,
       (SELECT max(version) FROM schema_migrations) AS schema_version
