-- name: warehouse_summary
-- purpose: One row of totals: articles (dated and undated), mentions, entities, events, runs and the latest committed run.
-- The current state's mentions and events are sums of the aggregates the load keeps
-- (mention_days, event_days); an earlier state counts its rows.
SELECT (SELECT count(*) FROM articles_as_of($as_of_run)) AS articles,
       (SELECT count(*) FROM articles_as_of($as_of_run) WHERE published_at IS NOT NULL) AS dated_articles,
       CASE WHEN $as_of_run >= 9223372036854775807
            THEN (SELECT CAST(coalesce(sum(mentions), 0) AS BIGINT) FROM mention_days)
            ELSE (SELECT count(*) FROM mentions_as_of($as_of_run)) END AS mentions,
       (SELECT count(*) FROM entities_as_of($as_of_run) WHERE mention_count > 0) AS entities,
       CASE WHEN $as_of_run >= 9223372036854775807
            THEN (SELECT CAST(coalesce(sum(events), 0) AS BIGINT) FROM event_days)
            ELSE (SELECT count(*) FROM events_as_of($as_of_run)) END AS events,
       CASE WHEN $as_of_run >= 9223372036854775807
            THEN (SELECT CAST(coalesce(sum(events), 0) AS BIGINT) FROM event_days WHERE event_date IS NOT NULL)
            ELSE (SELECT count(*) FROM events_as_of($as_of_run) WHERE event_date IS NOT NULL) END AS dated_events,
       (SELECT count(*) FROM committed_runs_as_of($as_of_run)) AS committed_runs,
       (SELECT count(*) FROM runs WHERE run_id <= $as_of_run AND status = 'failed') AS failed_runs,
       (SELECT max(run_id) FROM committed_runs_as_of($as_of_run)) AS last_run_id,
       (SELECT max(finished_at) FROM runs
        WHERE run_id IN (SELECT run_id FROM committed_runs_as_of($as_of_run))) AS last_run_finished,
       (SELECT min(published_at) FROM articles_as_of($as_of_run)) AS first_published,
       (SELECT max(published_at) FROM articles_as_of($as_of_run)) AS last_published;
