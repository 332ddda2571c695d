-- The keys whose value this run changes (its delta's), before merge.sql folds the delta in.
CREATE OR REPLACE TEMP TABLE changed_co_mention_pairs AS SELECT DISTINCT entity_a, entity_b FROM delta_co_mention_pairs;
