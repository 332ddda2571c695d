-- After the run's rows are in (the run committed inside its transaction): plus what they contribute.
INSERT INTO delta_co_mention_pairs SELECT entity_a, entity_b, articles, sentences FROM co_mention_pairs_contribution;
