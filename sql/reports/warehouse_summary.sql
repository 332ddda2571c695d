-- name: warehouse_summary
-- purpose: One row of totals: articles (dated and undated), mentions, entities, events, runs and the latest committed run.
-- The current state's mentions and events are sums of the aggregates the load keeps
-- (mention_days, event_days); an earlier state's mentions sum mention_days_as_of (its history)
-- and its events are counted from the ranges of events_history (the rows events_as_of gives). Each count is a union of both,
-- one gated off: the planner prunes it (a CASE would run both subqueries).
SELECT (SELECT count(*) FROM articles_as_of($as_of_run)) AS articles,
       (SELECT count(*) FROM articles_as_of($as_of_run) WHERE published_at IS NOT NULL) AS dated_articles,
       (SELECT CAST(sum(n) AS BIGINT) FROM (
            SELECT sum(mentions) AS n FROM mention_days WHERE $as_of_run >= 9223372036854775807
            UNION ALL
            SELECT coalesce(sum(mentions), 0) FROM mention_days_as_of($as_of_run) WHERE $as_of_run < 9223372036854775807))
           AS mentions,
       (SELECT count(*) FROM entities_as_of($as_of_run) WHERE mention_count > 0) AS entities,
       (SELECT CAST(sum(n) AS BIGINT) FROM (
            SELECT sum(events) AS n FROM event_days WHERE $as_of_run >= 9223372036854775807
            UNION ALL
            SELECT count(*) FROM events_history
            WHERE $as_of_run < 9223372036854775807 AND run_id IN (SELECT run_id FROM committed_runs_as_of($as_of_run))
              AND (valid_to IS NULL OR valid_to > $as_of_run)))
           AS events,
       (SELECT CAST(sum(n) AS BIGINT) FROM (
            SELECT sum(events) AS n FROM event_days
            WHERE $as_of_run >= 9223372036854775807 AND event_date IS NOT NULL
            UNION ALL
            SELECT count(*) FROM events_history
            WHERE $as_of_run < 9223372036854775807 AND run_id IN (SELECT run_id FROM committed_runs_as_of($as_of_run))
              AND (valid_to IS NULL OR valid_to > $as_of_run) AND event_date IS NOT NULL)) AS dated_events,
       (SELECT count(*) FROM committed_runs_as_of($as_of_run)) AS committed_runs,
       (SELECT count(*) FROM runs WHERE run_id <= $as_of_run AND status = 'failed') AS failed_runs,
       (SELECT max(run_id) FROM committed_runs_as_of($as_of_run)) AS last_run_id,
       (SELECT max(finished_at) FROM runs
        WHERE run_id IN (SELECT run_id FROM committed_runs_as_of($as_of_run))) AS last_run_finished,
       (SELECT min(published_at) FROM articles_as_of($as_of_run)) AS first_published,
       (SELECT max(published_at) FROM articles_as_of($as_of_run)) AS last_published;
