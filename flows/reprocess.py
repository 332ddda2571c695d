"""Reprocess: re-extract stored articles with the current extractor, as new derived versions.

Articles are not touched; mentions, entities and events get new versions under a new run id,
and the earlier ones stay queryable with the *_as_of(n) macros.
"""
from __future__ import annotations

import datetime as dt
import time
from typing import Annotated

from prefect import flow, get_run_logger, task
from pydantic import Field

from flows.steps.artifacts import publish_or_warn
from flows.steps.parameters import BatchSize, WaitSeconds, existing_db_path, shown_as, with_parameter_docs
from flows.steps.run import RUN_TIMEOUT_SECONDS, extract_and_load, extraction_pool, failing_run, open_run
from tasks.ingest.intake import Intake
from tasks.ingest.stored import Selection, stage_for_reprocess
from tasks.settings import DEFAULT_BATCH_SIZE, DEFAULT_DB, EXTRACTOR_VERSION
from tasks.warehouse.lock import writer_lock
from tasks.warehouse.staging import Staging


@task(name="select-articles", retries=1, retry_delay_seconds=5)
def select_articles(db: str, selection: Selection, staging_root: str, batch_size: int) -> list[str]:
    return stage_for_reprocess(db, selection, EXTRACTOR_VERSION, Staging(staging_root), batch_size)


@flow(name="khronika-reprocess", log_prints=True, timeout_seconds=RUN_TIMEOUT_SECONDS)
@with_parameter_docs
def reprocess(
    article_ids: Annotated[list[str] | None, Field(
        description="Re-extract these articles (article_id values)"),
        shown_as({"type": "array", "items": {"type": "string"}})] = None,
    date_from: Annotated[dt.date | None, Field(
        description="Re-extract articles published on or after this date"),
        shown_as({"type": "string", "format": "date"})] = None,
    date_to: Annotated[dt.date | None, Field(
        description="Re-extract articles published on or before this date"),
        shown_as({"type": "string", "format": "date"})] = None,
    all_articles: Annotated[bool, Field(
        description="Re-extract every stored article (when no ids or dates narrow it)")] = False,
    skip_current: Annotated[bool, Field(
        description="Leave articles already extracted by the current extractor version")] = True,
    db: Annotated[str, Field(description="DuckDB warehouse file to extend")] = str(DEFAULT_DB),
    batch_size: BatchSize = DEFAULT_BATCH_SIZE,
    wait_seconds: WaitSeconds = 0,
) -> dict:
    """Re-extract the chosen stored articles (ids, a publication date range, or all)."""
    selection = Selection(article_ids, date_from, date_to, all_articles, skip_current)
    selection.check()   # fail fast, before taking the lock or opening a run
    existing_db_path(db)
    started = time.monotonic()
    parameters = {"article_ids": article_ids, "date_from": date_from, "date_to": date_to,
                  "all_articles": all_articles, "skip_current": skip_current, "db": db}
    with writer_lock(db, wait_seconds):
        run_id = open_run(db, parameters)
        staging = Staging.for_run(db, run_id)
        with failing_run(db, run_id, staging):
            batches = select_articles(db, selection, str(staging.root), batch_size)
            get_run_logger().info("reprocess run %s: %d batch(es) to extract", run_id, len(batches))
            # Workers start only when there is something to extract (one per core).
            with extraction_pool(None if batches else 1) as pool:
                summary = extract_and_load(db, run_id, staging, Intake(batches=batches), started, pool)
        publish_or_warn(db, run_id, extra={"re-extracted articles": str(summary["articles_extracted"])})
    return summary
