-- event_days from scratch, over the articles in `touched` (all current articles).
DELETE FROM event_days;
INSERT INTO event_days BY NAME SELECT * FROM event_days_contribution;
