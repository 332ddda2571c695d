"""Khronika's stages as plain functions, one package per stage in the data's order:
ingest → nlp → quality → warehouse → reporting (evaluation scores the nlp stage on gold data).
Nothing here imports Prefect; flows/ wraps these functions in flows and tasks."""
