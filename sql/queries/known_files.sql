-- Files whose bytes a committed run already read, as their latest committed ledger row has them:
-- same path + hash means unchanged, not read again. A file that was refused (quarantined) is
-- remembered too, with the run and reason that refused it, so it is not re-read and re-quarantined
-- every night; `refused_by` carries that first refusal forward through later "unchanged" rows.
-- A file whose articles a later run retired (gone, --retire-missing, migration 010) is forgotten,
-- so when it comes back it is read again and its articles return.
WITH latest AS (
    SELECT f.path, f.content_hash, f.articles, f.status, f.reason, f.run_id
    FROM ingest_files f JOIN runs r USING (run_id)
    WHERE r.status = 'committed' AND f.status IN ('loaded', 'unchanged', 'quarantined')
      AND f.content_hash IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY f.path ORDER BY f.run_id DESC) = 1
), retired AS (
    SELECT x.source_path AS path, max(x.run_id) AS run_id
    FROM article_removals x JOIN runs r USING (run_id)
    WHERE r.status = 'committed' AND x.retired
    GROUP BY x.source_path
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
FROM latest l LEFT JOIN refusals q USING (path, content_hash)
WHERE NOT EXISTS (SELECT 1 FROM retired x WHERE x.path = l.path AND x.run_id >= l.run_id);
