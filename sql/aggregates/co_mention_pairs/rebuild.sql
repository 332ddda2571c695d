-- co_mention_pairs from scratch, over the articles in `touched` (all current articles).
DELETE FROM co_mention_pairs;
INSERT INTO co_mention_pairs BY NAME SELECT * FROM co_mention_pairs_contribution;
