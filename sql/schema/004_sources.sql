-- Web sources (HTML pages, WARC archives, feeds, crawler JSON) and syndicated copies.
--   raw_hash      sha256 of the markup an article's text was extracted from (a page, a WARC
--                 record's body), so a better extractor can find and redo it; null when the
--                 input file's text is the article itself (txt, md, json, jsonl, csv).
--   duplicate_of  the article_id of the first copy of a near-identical text (the same story
--                 syndicated by another site); null for an original.
--   text_minhash  the text's MinHash signature (tasks/ingest/duplicates.py) that later texts
--                 are compared with; null for texts too short to compare.
-- Existing rows keep null in all three: they were read before texts were compared, so later
-- copies of them are not recognised (reprocess does not add it; a changed text does).

ALTER TABLE articles_history ADD COLUMN IF NOT EXISTS raw_hash VARCHAR;
ALTER TABLE articles_history ADD COLUMN IF NOT EXISTS duplicate_of VARCHAR;
ALTER TABLE articles_history ADD COLUMN IF NOT EXISTS text_minhash BLOB;

CREATE OR REPLACE MACRO articles_as_of(n) AS TABLE
    SELECT a.article_id, a.source_id, a.source_path, a.title, a.url, a.published_at, a.source,
           a.topic, a.encoding, a.text, a.content_hash, a.run_id, a.raw_hash, a.duplicate_of,
           a.text_minhash
    FROM articles_history a
    WHERE a.run_id IN (SELECT run_id FROM committed_runs_as_of(n))
    QUALIFY row_number() OVER (PARTITION BY a.article_id ORDER BY a.run_id DESC) = 1;

CREATE OR REPLACE VIEW articles AS SELECT * FROM articles_as_of(9223372036854775807);

-- Event clusters as in 003, counting stories, not copies: num_articles counts distinct
-- originals (a duplicate counts as the article it copies); num_copies counts every article.
CREATE OR REPLACE MACRO event_clusters_as_of(n) AS TABLE
    WITH RECURSIVE dated AS (
        SELECT ev.event_id, ev.article_id, coalesce(ar.duplicate_of, ev.article_id) AS story_id,
               ev.type, ev.event_date, ev.date_precision
        FROM events_as_of(n) ev
        LEFT JOIN articles_as_of(n) ar ON ar.article_id = ev.article_id
        WHERE ev.event_date IS NOT NULL
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
           count(DISTINCT d.story_id) AS num_articles,
           count(*) AS num_mentions,
           list_sort(list(d.event_id)) AS event_ids,
           count(DISTINCT d.article_id) AS num_copies
    FROM components c
    JOIN dated d ON d.event_id = c.event_id
    LEFT JOIN names nm ON nm.cluster_id = c.cluster_id
    GROUP BY c.cluster_id;

CREATE OR REPLACE VIEW event_clusters AS SELECT * FROM event_clusters_as_of(9223372036854775807);
