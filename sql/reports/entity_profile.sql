-- name: entity_profile
-- purpose: One-row profile of an entity: aliases, counts, first/last publication, the entities
--          it is most often mentioned with, and its events by type.
-- param entity text: entity_id, name or alias (case-insensitive); none = most-mentioned entity (default none)
-- param top int: how many co-mentioned entities and event types to list (default 10)
-- Its details as tables: mentions_over_time, co_mentions and event_timeline with the same entity.
-- Counts and co-mentions come from the aggregates (or their history as of an older run); only
-- the articles of its first and last publication day and its own event arguments are read.
WITH target AS (
    SELECT * FROM report_entity($as_of_run, $entity)
), days AS (   -- its publication days (entity_days, or its history as of an older run)
    SELECT d.day, d.mentions
    FROM (SELECT * FROM entity_days WHERE $as_of_run >= 9223372036854775807
          UNION ALL
          SELECT * FROM entity_days_as_of($as_of_run) WHERE $as_of_run < 9223372036854775807) d
    WHERE d.entity_id = (SELECT entity_id FROM target)
), edge AS (   -- the articles of its first and last day: first/last publication are among them
    SELECT a.article_id, a.published_at
    FROM articles_as_of($as_of_run) a
    WHERE CAST(a.published_at AS DATE) IN (SELECT min(day) FROM days UNION ALL SELECT max(day) FROM days)
), own AS (    -- those naming it: their current extraction's rows with its stored ids
    SELECT e.published_at
    FROM edge e
    WHERE e.article_id IN (
        SELECT m.article_id FROM mentions_history m
        SEMI JOIN (SELECT x.article_id, x.run_id FROM extractions_as_of($as_of_run) x
                   WHERE x.article_id IN (SELECT article_id FROM edge)) x
              ON m.article_id = x.article_id AND m.run_id = x.run_id
        WHERE list_contains((SELECT list(entity_id) FROM report_stored_ids($as_of_run, (SELECT entity_id FROM target))),
                            m.entity_id))
), co_counts AS (
    -- articles naming both: the current state reads co_mention_pairs, an older one its history
    -- (the branch not taken is pruned when the query is planned)
    SELECT CASE WHEN p.entity_a = t.entity_id THEN p.entity_b ELSE p.entity_a END AS entity_id, p.articles
    FROM (SELECT * FROM co_mention_pairs WHERE $as_of_run >= 9223372036854775807
          UNION ALL
          SELECT * FROM co_mention_pairs_as_of($as_of_run) WHERE $as_of_run < 9223372036854775807) p,
         target t
    WHERE p.entity_a = t.entity_id OR p.entity_b = t.entity_id
), co AS (
    SELECT e.name, e.type, c.articles
    FROM co_counts c
    JOIN report_registry($as_of_run) e ON e.entity_id = c.entity_id
    ORDER BY articles DESC, e.name
    LIMIT $top
), its_events AS (   -- the events an argument of which names it, read for its stored ids:
    -- an argument is written with its event by the same extraction, so the join on (event,
    -- article, run) probes only those rows instead of testing every event id
    SELECT DISTINCT ev.event_id, ev.type, ev.event_date
    FROM (SELECT DISTINCT ea.event_id, ea.article_id, ea.run_id
          FROM event_arguments_history ea
          WHERE ea.entity_id IN (SELECT entity_id FROM report_stored_ids($as_of_run, (SELECT entity_id FROM target)))
            AND ea.run_id IN (SELECT run_id FROM committed_runs_as_of($as_of_run))
            AND (ea.valid_to IS NULL OR ea.valid_to > $as_of_run)) a
    JOIN events_history ev
      ON ev.event_id = a.event_id AND ev.article_id = a.article_id AND ev.run_id = a.run_id
    WHERE ev.valid_to IS NULL OR ev.valid_to > $as_of_run
), by_type AS (
    SELECT type, count(*) AS events
    FROM its_events
    GROUP BY type
    ORDER BY events DESC, type
    LIMIT $top
)
SELECT t.entity_id,
       t.type,
       t.name,
       t.aliases,
       t.mention_count AS mentions,
       t.article_count AS articles,
       (SELECT CAST(coalesce(sum(mentions), 0) AS BIGINT) FROM days WHERE day IS NULL) AS undated_mentions,
       (SELECT min(published_at) FROM own) AS first_published,
       (SELECT max(published_at) FROM own) AS last_published,
       t.first_run_id,
       (SELECT coalesce(list(name || ' (' || articles || ')' ORDER BY articles DESC, name), [])
        FROM co) AS co_mentioned,
       (SELECT count(*) FROM its_events) AS events,
       (SELECT coalesce(list(type || ' (' || events || ')' ORDER BY events DESC, type), [])
        FROM by_type) AS event_types,
       (SELECT min(event_date) FROM its_events) AS first_event_date,
       (SELECT max(event_date) FROM its_events) AS last_event_date
FROM target t;
