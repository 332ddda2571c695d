-- entity_days from scratch, over the articles in `touched` (all current articles).
DELETE FROM entity_days;
INSERT INTO entity_days BY NAME SELECT * FROM entity_days_contribution;
