-- After the run's rows are in (the run committed inside its transaction): plus what they contribute.
INSERT INTO delta_event_days SELECT event_date, type, quad_class, events, articles FROM event_days_contribution;
