-- entity_stats from scratch, over the articles in `touched` (all current articles).
DELETE FROM entity_stats;
INSERT INTO entity_stats BY NAME SELECT * FROM entity_stats_contribution;
