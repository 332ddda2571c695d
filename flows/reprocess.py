"""Re-extract stored articles with the current extractor: stored articles → extract → validate →
load new versions of the derived tables. The articles are not touched."""
from __future__ import annotations

import time
from datetime import date
from typing import Annotated

from prefect import flow, get_run_logger, task
from prefect.runtime import flow_run
from pydantic import Field

from flows.etl import extract, load, open_run, run_counts, schema_check_rows
from flows.params import ParameterError, date_range, existing_db_path
from tasks import warehouse
from tasks.intake import Intake
from tasks.publish import publish_or_warn
from tasks.reprocess import Scope, stage_stored_articles
from tasks.settings import DEFAULT_DB, EXTRACTOR_VERSION
from tasks.staging import Staging

REPROCESS_TIMEOUT_SECONDS = 6 * 3600


@task(name="select-articles", retries=2, retry_delay_seconds=[2, 10])
def select_articles(db: str, scope: Scope, staging_root: str, batch_size: int) -> tuple[list[str], int]:
    return stage_stored_articles(db, scope, EXTRACTOR_VERSION, Staging(staging_root), batch_size)


@flow(name="khronika-reprocess", log_prints=True, timeout_seconds=REPROCESS_TIMEOUT_SECONDS)
def reprocess(
    db: Annotated[str, Field(description="DuckDB warehouse file to extend")] = str(DEFAULT_DB),
    article_ids: Annotated[list[str] | None, Field(
        description="Only these articles (article_id values); empty: any article")] = None,
    published_from: Annotated[date | None, Field(
        description="Only articles published on or after this date")] = None,
    published_to: Annotated[date | None, Field(
        description="Only articles published on or before this date")] = None,
    all_articles: Annotated[bool, Field(
        description="Re-extract every article in scope; off: only those extracted by another "
                    "extractor version")] = False,
    batch_size: Annotated[int, Field(ge=1, le=100_000,
                                     description="Articles per extraction batch")] = 200,
    wait_seconds: Annotated[float, Field(
        ge=0, description="How long to wait for another run writing the same warehouse")] = 0,
) -> dict:
    """Re-extract stored articles with the current extractor version as a new run."""
    logger = get_run_logger()
    started = time.monotonic()
    db_path = str(existing_db_path(db))
    date_from, date_to = date_range(published_from, published_to)
    if article_ids is not None and not [a for a in article_ids if a.strip()]:
        raise ParameterError("article_ids: an empty list selects nothing; leave it unset for any article")
    scope = Scope(tuple(a.strip() for a in article_ids) if article_ids else None,
                  date_from, date_to, all_articles)
    parameters = {"db": db, "article_ids": article_ids, "published_from": published_from,
                  "published_to": published_to, "all_articles": all_articles,
                  "batch_size": batch_size}

    with warehouse.writer_lock(db_path, wait_seconds):
        run_id = open_run(db_path, parameters)
        staging = Staging.for_run(db_path, run_id)
        try:
            batches, selected = select_articles(db_path, scope, str(staging.root), batch_size)
            logger.info("run %s: %d stored article(s) to re-extract with extractor %s",
                        run_id, selected, EXTRACTOR_VERSION)
            intake = Intake(batches=batches)
            results = [extract(batch, str(staging.root)) for batch in batches]
            checks = [row for row in schema_check_rows(intake, results)
                      if row["table_name"] != "articles"]
            counts = run_counts(intake, results)
            new_entities = load(db_path, run_id, str(staging.root), counts, checks)
        except BaseException as error:
            warehouse.fail_run(db_path, run_id, f"{type(error).__name__}: {error}")
            raise
        finally:
            staging.remove()
        summary = {"run_id": run_id, "flow_run_id": flow_run.get_id(), "articles": selected,
                   **counts, "entities_new": new_entities,
                   "elapsed_seconds": round(time.monotonic() - started, 2)}
        publish_or_warn(db_path, run_id, extra={"re-extracted articles": str(selected)})
    logger.info("reprocess run %s committed: %s", run_id, summary)
    return summary
