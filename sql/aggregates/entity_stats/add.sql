-- After the run's rows are in (the run committed inside its transaction): plus what they contribute.
INSERT INTO delta_entity_stats SELECT entity_id, mentions, articles FROM entity_stats_contribution;
