-- Files whose bytes a committed run already read in full: same path + hash means unchanged.
SELECT f.path, f.content_hash, f.articles
FROM ingest_files f JOIN runs r USING (run_id)
WHERE r.status = 'committed' AND f.status IN ('loaded', 'unchanged') AND f.content_hash IS NOT NULL
QUALIFY row_number() OVER (PARTITION BY f.path ORDER BY f.run_id DESC) = 1;
