-- mention_days from scratch, over the articles in `touched` (all current articles).
DELETE FROM mention_days;
INSERT INTO mention_days BY NAME SELECT * FROM mention_days_contribution;
