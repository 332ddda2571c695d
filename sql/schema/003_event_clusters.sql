-- The same real-world event reported by several articles, as GDELT groups its event records.
-- Two dated events belong together when they have the same type, the same date (and date
-- precision) and share at least one participant or target entity; clusters are the connected
-- components of that relation ("Putin met Aliyev" and "Aliyev met Putin and Tokayev" on one day
-- join). Events without a date or without an entity participant are not clustered.
-- cluster_id is the smallest event_id of the component: stable while the component is.

CREATE OR REPLACE MACRO event_clusters_as_of(n) AS TABLE
    WITH RECURSIVE dated AS (
        SELECT event_id, article_id, type, event_date, date_precision
        FROM events_as_of(n)
        WHERE event_date IS NOT NULL
    ), participation AS (
        SELECT DISTINCT a.event_id, a.entity_id
        FROM event_arguments_as_of(n) a
        WHERE a.role IN ('participant', 'target') AND a.entity_id IS NOT NULL
    ), links AS (
        SELECT DISTINCT p1.event_id AS event_id, p2.event_id AS other_id
        FROM participation p1
        JOIN participation p2 ON p1.entity_id = p2.entity_id
        JOIN dated e1 ON e1.event_id = p1.event_id
        JOIN dated e2 ON e2.event_id = p2.event_id
        WHERE e1.type = e2.type AND e1.event_date = e2.event_date
          AND e1.date_precision = e2.date_precision
    ), reach(event_id, other_id) AS (
        SELECT event_id, other_id FROM links
        UNION
        SELECT r.event_id, l.other_id FROM reach r JOIN links l ON l.event_id = r.other_id
    ), components AS (
        SELECT event_id, min(other_id) AS cluster_id FROM reach GROUP BY event_id
    ), names AS (
        SELECT c.cluster_id, list_sort(list_distinct(list(en.name))) AS participants
        FROM components c
        JOIN participation p ON p.event_id = c.event_id
        JOIN entities_as_of(n) en ON en.entity_id = p.entity_id
        GROUP BY c.cluster_id
    )
    SELECT c.cluster_id,
           any_value(d.type) AS type,
           any_value(d.event_date) AS event_date,
           any_value(d.date_precision) AS date_precision,
           any_value(nm.participants) AS participants,
           count(DISTINCT d.article_id) AS num_articles,
           count(*) AS num_mentions,
           list_sort(list(d.event_id)) AS event_ids
    FROM components c
    JOIN dated d ON d.event_id = c.event_id
    LEFT JOIN names nm ON nm.cluster_id = c.cluster_id
    GROUP BY c.cluster_id;

CREATE OR REPLACE VIEW event_clusters AS SELECT * FROM event_clusters_as_of(9223372036854775807);
