-- After the run's rows are in (the run committed inside its transaction): plus what they contribute.
INSERT INTO delta_entity_forms SELECT entity_id, text, mentions FROM entity_forms_contribution;
