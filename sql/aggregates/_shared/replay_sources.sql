-- What the NAME_contribution views read in migration 011's replay: the state as of run $n of
-- the articles in `touched` only (a run's worth of rows, not the whole history).
CREATE OR REPLACE TEMP TABLE replay_mentions AS
SELECT * FROM mentions_as_of($n) WHERE article_id IN (SELECT article_id FROM touched);
CREATE OR REPLACE TEMP TABLE replay_articles AS
SELECT * FROM articles_as_of($n) WHERE article_id IN (SELECT article_id FROM touched);
CREATE OR REPLACE TEMP VIEW agg_mentions AS SELECT * FROM replay_mentions;
CREATE OR REPLACE TEMP VIEW agg_articles AS SELECT * FROM replay_articles;
