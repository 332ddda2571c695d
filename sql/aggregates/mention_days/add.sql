-- After the run's rows are in (the run committed inside its transaction): plus what they contribute.
INSERT INTO delta_mention_days SELECT day, type, mentions, articles FROM mention_days_contribution;
