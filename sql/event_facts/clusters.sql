-- The clusters run $run_id changes (tasks/warehouse/event_facts.py, migration 012).
-- The keys (type, date, precision) of the events whose event_facts_history rows the run opened
-- or closed: no other cluster can change, as a cluster's events share its key.
CREATE OR REPLACE TEMP TABLE cluster_keys AS
SELECT DISTINCT type, event_date, date_precision
FROM event_facts_history
WHERE (valid_from = $run_id OR valid_to = $run_id)
  AND event_date IS NOT NULL AND date_precision IS NOT NULL;
-- The clusters of those keys as of the run: event_clusters_as_of (migration 008) over the
-- events of these keys only, read from event_facts_history (its participants are the
-- entity-linked participants and targets), names from the registry as entities_as_of gives them.
CREATE OR REPLACE TEMP TABLE cluster_rows AS
WITH RECURSIVE facts AS (
    SELECT f.event_id, f.article_id, f.type, f.event_date, f.date_precision, f.participants
    FROM event_facts_unclustered_as_of($run_id) f
    SEMI JOIN cluster_keys k
         ON f.type = k.type AND f.event_date = k.event_date AND f.date_precision = k.date_precision
    -- the dates alone as well: a one-column filter the scan applies before reading the lists
    WHERE f.event_date IN (SELECT event_date FROM cluster_keys)
), dated AS (
    SELECT f.event_id, f.article_id, coalesce(ar.duplicate_of, f.article_id) AS story_id,
           f.type, f.event_date, f.date_precision
    FROM facts f
    LEFT JOIN articles_as_of($run_id) ar ON ar.article_id = f.article_id
), participation AS (
    SELECT DISTINCT event_id, p.entity_id AS entity_id
    FROM (SELECT event_id, unnest(participants) AS p FROM facts)
    WHERE p.entity_id IS NOT NULL AND p.role IN ('participant', 'target')
), memberships AS (
    SELECT DISTINCT p.event_id, d.type, d.event_date, d.date_precision, p.entity_id
    FROM participation p JOIN dated d ON d.event_id = p.event_id
    WHERE d.date_precision IS NOT NULL
), labels(event_id, label) AS (
    SELECT DISTINCT event_id, event_id FROM memberships
    UNION
    SELECT m.event_id, min(g.label)
    FROM (SELECT mg.type, mg.event_date, mg.date_precision, mg.entity_id, min(l.label) AS label
          FROM labels l JOIN memberships mg ON mg.event_id = l.event_id
          GROUP BY ALL) g
    JOIN memberships m ON m.type = g.type AND m.event_date = g.event_date
                      AND m.date_precision = g.date_precision AND m.entity_id = g.entity_id
    WHERE g.label < m.event_id
    GROUP BY m.event_id
), components AS (
    SELECT event_id, min(label) AS cluster_id FROM labels GROUP BY event_id
), registry AS (
    SELECT entity_id, name
    FROM entities_history
    WHERE run_id IN (SELECT run_id FROM committed_runs_as_of($run_id))
      AND entity_id IN (SELECT entity_id FROM participation)
      AND entity_id NOT IN (SELECT entity_id FROM entity_redirects_as_of($run_id))
    QUALIFY row_number() OVER (PARTITION BY entity_id ORDER BY run_id) = 1
), names AS (
    SELECT c.cluster_id, list_sort(list_distinct(list(en.name))) AS participants
    FROM components c
    JOIN participation p ON p.event_id = c.event_id
    JOIN registry en ON en.entity_id = p.entity_id
    GROUP BY c.cluster_id
)
SELECT c.cluster_id,
       any_value(d.type) AS type,
       any_value(d.event_date) AS event_date,
       any_value(d.date_precision) AS date_precision,
       any_value(nm.participants) AS participants,
       count(DISTINCT d.story_id) AS num_articles,
       count(*) AS num_mentions,
       list_sort(list(d.event_id)) AS event_ids,
       count(DISTINCT d.article_id) AS num_copies
FROM components c
JOIN dated d ON d.event_id = c.event_id
LEFT JOIN names nm ON nm.cluster_id = c.cluster_id
GROUP BY c.cluster_id;
-- Close the current rows of those keys that the run changes or removes (joined by cluster_id
-- alone, then compared column by column)...
UPDATE event_clusters_history SET valid_to = $run_id
WHERE valid_to IS NULL
  AND cluster_id IN (
      SELECT h.cluster_id
      FROM event_clusters_history h
      SEMI JOIN cluster_keys k
           ON h.type = k.type AND h.event_date = k.event_date AND h.date_precision = k.date_precision
      LEFT JOIN cluster_rows n ON n.cluster_id = h.cluster_id
      WHERE h.valid_to IS NULL
        AND (n.cluster_id IS NULL
             OR n.type IS DISTINCT FROM h.type
             OR n.event_date IS DISTINCT FROM h.event_date
             OR n.date_precision IS DISTINCT FROM h.date_precision
             OR n.participants IS DISTINCT FROM h.participants
             OR n.num_articles IS DISTINCT FROM h.num_articles
             OR n.num_mentions IS DISTINCT FROM h.num_mentions
             OR n.event_ids IS DISTINCT FROM h.event_ids
             OR n.num_copies IS DISTINCT FROM h.num_copies));
-- ...and write the new versions (a cluster the run left as it was keeps its row).
INSERT INTO event_clusters_history BY NAME
SELECT n.*, $run_id AS valid_from, NULL::BIGINT AS valid_to
FROM cluster_rows n
WHERE NOT EXISTS (SELECT 1 FROM event_clusters_history h
                  WHERE h.valid_to IS NULL AND h.cluster_id = n.cluster_id)
ORDER BY n.event_date, n.type, n.cluster_id;
