-- Current-state views and as-of-run table macros.
-- A row is visible as of run n when its run committed and is <= n, and it is the latest
-- version of its key among those.

CREATE OR REPLACE MACRO committed_runs_as_of(n) AS TABLE
    SELECT run_id FROM runs WHERE status = 'committed' AND run_id <= n;

CREATE OR REPLACE MACRO articles_as_of(n) AS TABLE
    SELECT a.article_id, a.source_id, a.source_path, a.title, a.url, a.published_at, a.source,
           a.topic, a.encoding, a.text, a.content_hash, a.run_id
    FROM articles_history a
    WHERE a.run_id IN (SELECT run_id FROM committed_runs_as_of(n))
    QUALIFY row_number() OVER (PARTITION BY a.article_id ORDER BY a.run_id DESC) = 1;

-- The extraction that currently stands for each article.
CREATE OR REPLACE MACRO extractions_as_of(n) AS TABLE
    SELECT e.article_id, e.content_hash, e.extractor_version, e.run_id
    FROM extractions e
    WHERE e.run_id IN (SELECT run_id FROM committed_runs_as_of(n))
    QUALIFY row_number() OVER (PARTITION BY e.article_id ORDER BY e.run_id DESC) = 1;

CREATE OR REPLACE MACRO mentions_as_of(n) AS TABLE
    SELECT m.mention_id, m.article_id, m.start, m.stop, m.type, m.text, m.normal,
           m.first_name, m.last_name, m.middle_name, m.entity_id, m.sentence_index, m.run_id
    FROM mentions_history m
    SEMI JOIN extractions_as_of(n) x ON m.article_id = x.article_id AND m.run_id = x.run_id;

CREATE OR REPLACE MACRO events_as_of(n) AS TABLE
    SELECT ev.event_id, ev.article_id, ev.type, ev.quad_class, ev.trigger_start, ev.trigger_stop,
           ev.trigger_text, ev.trigger_lemma, ev.event_date, ev.date_precision,
           ev.sentence_index, ev.run_id
    FROM events_history ev
    SEMI JOIN extractions_as_of(n) x ON ev.article_id = x.article_id AND ev.run_id = x.run_id;

CREATE OR REPLACE MACRO event_arguments_as_of(n) AS TABLE
    SELECT ea.event_id, ea.role, ea.start, ea.stop, ea.text, ea.entity_id, ea.article_id, ea.run_id
    FROM event_arguments_history ea
    SEMI JOIN extractions_as_of(n) x ON ea.article_id = x.article_id AND ea.run_id = x.run_id;

-- Entities with their aliases and counts over the mentions current as of run n.
CREATE OR REPLACE MACRO entities_as_of(n) AS TABLE
    WITH registry AS (
        SELECT entity_id, type, name, run_id AS first_run_id
        FROM entities_history
        WHERE run_id IN (SELECT run_id FROM committed_runs_as_of(n))
        QUALIFY row_number() OVER (PARTITION BY entity_id ORDER BY run_id) = 1
    ), counts AS (
        SELECT entity_id,
               count(*) AS mention_count,
               count(DISTINCT article_id) AS article_count,
               list_sort(list_distinct(list(text))) AS aliases
        FROM mentions_as_of(n)
        GROUP BY entity_id
    )
    SELECT r.entity_id, r.type, r.name,
           coalesce(c.aliases, []::VARCHAR[]) AS aliases,
           coalesce(c.mention_count, 0) AS mention_count,
           coalesce(c.article_count, 0) AS article_count,
           r.first_run_id
    FROM registry r LEFT JOIN counts c USING (entity_id);

CREATE OR REPLACE VIEW articles AS SELECT * FROM articles_as_of(9223372036854775807);
CREATE OR REPLACE VIEW mentions AS SELECT * FROM mentions_as_of(9223372036854775807);
CREATE OR REPLACE VIEW entities AS SELECT * FROM entities_as_of(9223372036854775807);
CREATE OR REPLACE VIEW events AS SELECT * FROM events_as_of(9223372036854775807);
CREATE OR REPLACE VIEW event_arguments AS SELECT * FROM event_arguments_as_of(9223372036854775807);
