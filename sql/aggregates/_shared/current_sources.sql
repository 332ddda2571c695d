-- What the NAME_contribution views read: the current state (the load), as views over it.
CREATE OR REPLACE TEMP VIEW agg_mentions AS SELECT * FROM mentions;
CREATE OR REPLACE TEMP VIEW agg_articles AS SELECT * FROM articles;
