-- After the run's rows are in (the run committed inside its transaction): plus what they contribute.
INSERT INTO delta_entity_days SELECT entity_id, type, day, mentions, articles FROM entity_days_contribution;
