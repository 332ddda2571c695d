-- This run's redirects to a name that itself joins another form (tasks/warehouse/resolve.py's
-- inflected_names) go straight to that form: a redirect is one step.
UPDATE entity_redirects SET target_id = $target_id WHERE target_id = $entity_id AND run_id = $run_id;
