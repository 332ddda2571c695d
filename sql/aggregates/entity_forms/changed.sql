-- The keys whose value this run changes (its delta's), before merge.sql folds the delta in.
CREATE OR REPLACE TEMP TABLE changed_entity_forms AS SELECT DISTINCT entity_id, text FROM delta_entity_forms;
