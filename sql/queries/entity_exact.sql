-- Whether a report's entity value names an entity as given (id, name or alias; report_entity).
SELECT count(*) FROM report_entity($as_of_run, $needle);
