-- name: warehouse_summary
-- purpose: One row of totals: articles (dated and undated), mentions, entities, events, runs and the latest committed run.
SELECT (SELECT count(*) FROM articles_as_of($as_of_run)) AS articles,
       (SELECT count(*) FROM articles_as_of($as_of_run) WHERE published_at IS NOT NULL) AS dated_articles,
       (SELECT count(*) FROM mentions_as_of($as_of_run)) AS mentions,
       (SELECT count(*) FROM entities_as_of($as_of_run) WHERE mention_count > 0) AS entities,
       (SELECT count(*) FROM events_as_of($as_of_run)) AS events,
       (SELECT count(*) FROM events_as_of($as_of_run) WHERE event_date IS NOT NULL) AS dated_events,
       (SELECT count(*) FROM committed_runs_as_of($as_of_run)) AS committed_runs,
       (SELECT count(*) FROM runs WHERE run_id <= $as_of_run AND status = 'failed') AS failed_runs,
       (SELECT max(run_id) FROM committed_runs_as_of($as_of_run)) AS last_run_id,
       (SELECT max(finished_at) FROM runs
        WHERE run_id IN (SELECT run_id FROM committed_runs_as_of($as_of_run))) AS last_run_finished,
       (SELECT min(published_at) FROM articles_as_of($as_of_run)) AS first_published,
       (SELECT max(published_at) FROM articles_as_of($as_of_run)) AS last_published;
