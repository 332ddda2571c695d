"""The Prefect flows (etl, dask_etl, reprocess, report) and what runs them: steps/ (shared thin
tasks, parameters, artifacts), cli/ (the khronika command), ops/ (local stack, temporary server),
maintain/ (tools that rebuild the extractor's data)."""
