-- name: entity_profile
-- purpose: One-row profile of an entity: aliases, counts, first/last publication, the entities
--          it is most often mentioned with, and its events by type.
-- param entity text: entity_id, name or alias (case-insensitive); none = most-mentioned entity (default none)
-- param top int: how many co-mentioned entities and event types to list (default 10)
-- Its details as tables: mentions_over_time, co_mentions and event_timeline with the same entity.
WITH target AS (
    SELECT * FROM report_entity($as_of_run, $entity)
), own AS (
    SELECT m.article_id, m.sentence_index, a.published_at
    FROM mentions_as_of($as_of_run) m
    JOIN articles_as_of($as_of_run) a ON a.article_id = m.article_id
    WHERE m.entity_id = (SELECT entity_id FROM target)
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
), its_events AS (
    SELECT DISTINCT ev.event_id, ev.type, ev.event_date
    FROM events_as_of($as_of_run) ev
    JOIN event_arguments_as_of($as_of_run) ea ON ea.event_id = ev.event_id
    WHERE ea.entity_id = (SELECT entity_id FROM target)
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
       (SELECT count(*) FROM own WHERE published_at IS NULL) AS undated_mentions,
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
