-- Files whose bytes a committed run already read, as their latest committed ledger row has them:
-- same path + hash means unchanged, not read again. A file that was refused (quarantined) is
-- remembered too, with the run and reason that refused it, so it is not re-read and re-quarantined
-- every night; `refused_by` carries that first refusal forward through later "unchanged" rows.
WITH latest AS (
    SELECT f.path, f.content_hash, f.articles, f.status, f.reason, f.run_id
    FROM ingest_files f JOIN runs r USING (run_id)
    WHERE r.status = 'committed' AND f.status IN ('loaded', 'unchanged', 'quarantined')
      AND f.content_hash IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY f.path ORDER BY f.run_id DESC) = 1
), refusals AS (
    SELECT f.path, f.content_hash, f.run_id, f.reason
    FROM ingest_files f JOIN runs r USING (run_id)
    WHERE r.status = 'committed' AND f.status = 'quarantined' AND f.content_hash IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY f.path, f.content_hash ORDER BY f.run_id) = 1
)
SELECT l.path, l.content_hash, l.articles,
       CASE WHEN l.status = 'quarantined' OR (l.status = 'unchanged' AND coalesce(l.articles, 0) = 0)
            THEN q.run_id END AS refused_by,
       q.reason AS refused_because
FROM latest l LEFT JOIN refusals q USING (path, content_hash);
