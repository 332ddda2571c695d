"""Reprocess: re-extract stored articles with the current extractor, as new derived versions.

Articles are not touched; mentions, entities and events get new versions under a new run id,
and the earlier ones stay queryable with the *_as_of(n) macros.
"""
from __future__ import annotations

import datetime as dt
import time

from prefect import flow, get_run_logger, task

from flows.etl import extract_and_load, failing_run, open_run
from tasks import warehouse
from tasks.intake import Intake
from tasks.reprocess import Selection, stage_for_reprocess
from tasks.settings import DEFAULT_BATCH_SIZE, DEFAULT_DB, EXTRACTOR_VERSION
from tasks.staging import Staging


@task(name="select-articles", retries=1, retry_delay_seconds=5)
def select_articles(db: str, selection: Selection, staging_root: str, batch_size: int) -> list[str]:
    return stage_for_reprocess(db, selection, EXTRACTOR_VERSION, Staging(staging_root), batch_size)


@flow(name="khronika-reprocess", log_prints=True)
def reprocess(
    article_ids: list[str] | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    all_articles: bool = False,
    skip_current: bool = True,
    db: str = str(DEFAULT_DB),
    batch_size: int = DEFAULT_BATCH_SIZE,
    wait_seconds: float = 0,
) -> dict:
    """Re-extract the chosen stored articles (ids, a publication date range, or all)."""
    selection = Selection(article_ids, date_from, date_to, all_articles, skip_current)
    selection.check()   # fail fast, before taking the lock or opening a run
    started = time.monotonic()
    parameters = {"article_ids": article_ids, "date_from": date_from, "date_to": date_to,
                  "all_articles": all_articles, "skip_current": skip_current, "db": db}
    with warehouse.writer_lock(db, wait_seconds):
        run_id = open_run(db, parameters)
        staging = Staging.for_run(db, run_id)
        with failing_run(db, run_id, staging):
            batches = select_articles(db, selection, str(staging.root), batch_size)
            get_run_logger().info("reprocess run %s: %d batch(es) to extract", run_id, len(batches))
            return extract_and_load(db, run_id, staging, Intake(batches=batches), started)
