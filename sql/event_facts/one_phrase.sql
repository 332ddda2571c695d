-- The pairs run $run_id wrote whose two names are one phrase (one_phrase_pairs, migration 015:
-- "Совета безопасности ООН", "пресс-секретарь Путина Дмитрий Песков") are no pairs.
DELETE FROM event_pairs_history p
USING one_phrase_pairs($run_id) j
WHERE p.valid_from = $run_id
  AND j.event_id = p.event_id AND j.entity_a = p.entity_a AND j.entity_b = p.entity_b;
