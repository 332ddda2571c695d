-- Which side of an event each party is on (extractor 2025.12.10): event_arguments_history gains
-- `side`, `subject` or `counterpart` where the sentence names a counterpart in a "с" phrase
-- ("ExxonMobil и Chevron-Texaco вели переговоры с ЛУКОЙЛом": the two companies are the subject,
-- ЛУКОЙЛ the counterpart), else NULL. who_met_whom's pairs (event_pairs_history) leave out two
-- parties on the same side. Rows extracted before this migration have no side, and their pairs
-- stand as they were, until `khronika reprocess` re-extracts them.
ALTER TABLE event_arguments_history ADD COLUMN IF NOT EXISTS side VARCHAR;

CREATE OR REPLACE MACRO event_arguments_as_of(n) AS TABLE
    SELECT ea.event_id, ea.role, ea.start, ea.stop, ea.text, coalesce(r.target_id, ea.entity_id) AS entity_id,
           ea.article_id, ea.run_id, ea.confidence, ea.side
    FROM event_arguments_history ea
    LEFT JOIN entity_redirects_as_of(n) r ON r.entity_id = ea.entity_id
    WHERE ea.run_id IN (SELECT run_id FROM committed_runs_as_of(n))
      AND (ea.valid_to IS NULL OR ea.valid_to > n);

CREATE OR REPLACE VIEW event_arguments AS SELECT * FROM event_arguments_as_of(9223372036854775807);
