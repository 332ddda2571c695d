"""The ETL flow: sources → discover → ingest → extract → validate → load → publish."""
from __future__ import annotations

import time

from prefect import flow, get_run_logger

from flows.steps.artifacts import publish_or_warn
from flows.steps.parameters import (
    BatchSize,
    Db,
    EtlParameters,
    MaxArticleChars,
    MaxFileBytes,
    MaxRecordsPerFile,
    Sources,
    WaitSeconds,
    Workers,
    existing_sources,
    writable_db_path,
)
from flows.steps.run import (
    RUN_TIMEOUT_SECONDS,
    extract_and_load,
    extraction_pool,
    failing_run,
    ingest,
    open_run,
)
from tasks.reporting.dashboard import dashboard_path
from tasks.settings import DEFAULT_SOURCES, Limits
from tasks.warehouse.lock import writer_lock
from tasks.warehouse.staging import Staging

DEFAULTS = EtlParameters()


@flow(name="khronika-etl", log_prints=True, timeout_seconds=RUN_TIMEOUT_SECONDS)
def etl(
    sources: Sources = DEFAULTS.sources,
    db: Db = DEFAULTS.db,
    batch_size: BatchSize = DEFAULTS.batch_size,
    wait_seconds: WaitSeconds = DEFAULTS.wait_seconds,
    max_file_bytes: MaxFileBytes = DEFAULTS.max_file_bytes,
    max_article_chars: MaxArticleChars = DEFAULTS.max_article_chars,
    max_records_per_file: MaxRecordsPerFile = DEFAULTS.max_records_per_file,
    workers: Workers = DEFAULTS.workers,
) -> dict:
    """Process new and changed article files from `sources` into the warehouse at `db`.

    The max_* limits default to the KHRONIKA_MAX_* environment settings (tasks/settings.py).
    """
    logger = get_run_logger()
    started = time.monotonic()
    # Bad paths fail here, in a second, naming the parameter.
    sources = existing_sources(sources or DEFAULT_SOURCES)
    writable_db_path(db)
    limits = Limits.with_overrides(max_file_bytes=max_file_bytes, max_article_chars=max_article_chars,
                                   max_records_per_file=max_records_per_file).as_dict()
    parameters = {"sources": sources, "db": db, "batch_size": batch_size, "limits": limits, "workers": workers}
    # The pool's workers build their models while the run opens and ingests.
    with extraction_pool(workers) as pool, writer_lock(db, wait_seconds):
        run_id = open_run(db, parameters)
        staging = Staging.for_run(db, run_id)
        with failing_run(db, run_id, staging):
            intake = ingest(sources, db, str(staging.root), batch_size, limits)
            logger.info("run %s: %s files %s, articles %s; %d batch(es) to extract",
                        run_id, sum(intake.files.values()), dict(intake.files), dict(intake.articles), len(intake.batches))
            summary = extract_and_load(db, run_id, staging, intake, started, pool)
        # Still under the writer lock, so no other run is writing while it reads.
        if publish_or_warn(db, run_id, extra={"elapsed (flow)": f"{summary['elapsed_seconds']} s"}):
            summary["dashboard"] = str(dashboard_path(db))
    logger.info("run %s committed: %s", run_id, summary)
    return summary
