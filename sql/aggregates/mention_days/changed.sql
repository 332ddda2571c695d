-- The keys whose value this run changes (its delta's), before merge.sql folds the delta in.
CREATE OR REPLACE TEMP TABLE changed_mention_days AS SELECT DISTINCT day, type FROM delta_mention_days;
