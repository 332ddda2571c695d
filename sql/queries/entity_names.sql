-- Every entity's names as of a run, for lookups by any form (tasks/reporting/entity_lookup.py).
SELECT entity_id, name, aliases, mention_count FROM entities_as_of($as_of_run);
