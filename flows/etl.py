"""The ETL flow: sources → discover → ingest → extract → validate → load → publish."""
from __future__ import annotations

import time

from prefect import flow, get_run_logger

from flows.steps.artifacts import publish_or_warn
from flows.steps.parameters import (
    BatchSize,
    ChunkArticles,
    Db,
    EtlParameters,
    MaxArticleChars,
    MaxFileBytes,
    MaxRecordsPerFile,
    RetireMissing,
    Sources,
    WaitSeconds,
    Workers,
    existing_sources,
    source_warnings,
    with_parameter_docs,
    writable_db_path,
)
from flows.steps.run import (
    RUN_TIMEOUT_SECONDS,
    extract_and_load,
    extraction_pool,
    failing_run,
    ingest,
    name_flow_run,
    open_run,
)
from tasks.ingest.pending import run_reads_anything
from tasks.reporting.dashboard import dashboard_path
from tasks.reporting.run_summary import sources_label, summary_text
from tasks.settings import DEFAULT_SOURCES, Limits, raise_if_interrupted
from tasks.warehouse.lock import writer_lock
from tasks.warehouse.staging import Staging

DEFAULTS = EtlParameters()


def _run_name() -> str:
    """The flow run's name until its warehouse run id is known (then `run N · sources`)."""
    from prefect.runtime import flow_run

    return f"etl · {sources_label(flow_run.parameters.get('sources'))}"


@flow(name="khronika-etl", log_prints=True, timeout_seconds=RUN_TIMEOUT_SECONDS, flow_run_name=_run_name)
@with_parameter_docs
def etl(
    sources: Sources = DEFAULTS.sources,
    db: Db = DEFAULTS.db,
    batch_size: BatchSize = DEFAULTS.batch_size,
    wait_seconds: WaitSeconds = DEFAULTS.wait_seconds,
    max_file_bytes: MaxFileBytes = DEFAULTS.max_file_bytes,
    max_article_chars: MaxArticleChars = DEFAULTS.max_article_chars,
    max_records_per_file: MaxRecordsPerFile = DEFAULTS.max_records_per_file,
    workers: Workers = DEFAULTS.workers,
    retire_missing: RetireMissing = DEFAULTS.retire_missing,
    chunk_articles: ChunkArticles = DEFAULTS.chunk_articles,
) -> dict:
    """Process new and changed article files from `sources` into the warehouse at `db`.

    The max_* limits default to the KHRONIKA_MAX_* environment settings (tasks/settings.py).
    A backlog of more than `chunk_articles` new or changed articles is loaded as a sequence of
    committed runs; the summary is the last one's, with `runs` listing them all.
    """
    logger = get_run_logger()
    started = time.monotonic()
    # Bad paths fail here, in a second, naming the parameter.
    sources = existing_sources(sources or DEFAULT_SOURCES)
    db = str(writable_db_path(db))  # absolute in the run's record and every message
    for warning in (warnings := source_warnings(sources)):
        logger.warning("%s", warning)
    limits = Limits.with_overrides(max_file_bytes=max_file_bytes, max_article_chars=max_article_chars,
                                   max_records_per_file=max_records_per_file).as_dict()
    parameters = {"sources": sources, "db": db, "batch_size": batch_size, "limits": limits, "workers": workers,
                  "retire_missing": retire_missing, "chunk_articles": chunk_articles}
    runs = []

    def reads_anything() -> bool:  # a run with no new or changed file starts no workers
        reads = run_reads_anything(sources, db, Limits(**limits))
        if not reads:
            logger.info("no new or changed file in %s: no extraction workers started", sources_label(sources))
        return reads

    # The pool's workers build their models while the run opens and ingests.
    with extraction_pool(workers, reads_anything) as pool, writer_lock(db, wait_seconds):
        while True:  # one committed run per chunk of the backlog
            raise_if_interrupted()  # a Ctrl-C Prefect's engine swallowed while the flow started
            run_id = open_run(db, {**parameters, "chunk": len(runs) + 1})
            runs.append(run_id)
            name_flow_run(f"run {run_id} · {sources_label(sources)}")
            staging = Staging.for_run(db, run_id)
            with failing_run(db, run_id, staging):
                intake = ingest(sources, db, str(staging.root), batch_size, limits, retire_missing,
                                chunk_articles)
                logger.info("run %s: %s files %s, articles %s; %d batch(es) to extract%s",
                            run_id, sum(intake.files.values()), dict(intake.files), dict(intake.articles),
                            len(intake.batches), f"; {intake.deferred} file(s) left for the next chunk"
                            if intake.deferred else "")
                summary = extract_and_load(db, run_id, staging, intake, started, pool)
            if not intake.deferred:
                break
            logger.info("%s", summary_text(summary, db))
            started = time.monotonic()
        # Still under the writer lock, so no other run is writing while it reads.
        if publish_or_warn(db, run_id, extra={"elapsed (flow)": f"{summary['elapsed_seconds']} s"}):
            summary["dashboard"] = str(dashboard_path(db).resolve())
    summary["runs"] = runs
    summary["source_warnings"] = warnings
    logger.info("%s", summary_text(summary, db))
    return summary
