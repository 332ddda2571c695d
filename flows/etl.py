"""The ETL flow: sources → discover → ingest → extract → validate → load → publish."""
from __future__ import annotations

import time
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

from prefect import flow, get_run_logger, task, unmapped
from prefect.runtime import flow_run
from prefect.context import FlowRunContext
from prefect.task_runners import ThreadPoolTaskRunner
from pydantic import Field

from flows.params import existing_sources, retry_unless, writable_db_path
from tasks.dashboard import dashboard_path
from tasks.discover import discover
from tasks.intake import Intake, stage_articles
from tasks.nlp import model_versions
from tasks.publish import publish_or_warn
from tasks.settings import DEFAULT_BATCH_SIZE, DEFAULT_DB, DEFAULT_SOURCES, EXTRACTOR_VERSION, Limits, pause_point
from tasks.staging import Staging
from tasks import parallel, warehouse

if TYPE_CHECKING:  # Natasha loads only when there is something to extract
    from tasks.extract import BatchResult

# Long enough for a large backlog at ~20 articles/s; a hung run is failed instead of holding
# the writer lock forever.
RUN_TIMEOUT_SECONDS = 6 * 3600
CODE_VERSION = "khronika " + __import__("importlib.metadata").metadata.version("khronika")


@task(name="open-run", retries=2, retry_delay_seconds=[1, 5])
def open_run(db: str, parameters: dict) -> int:
    return warehouse.begin_run(
        db, flow_run_id=flow_run.get_id(), flow_name=flow_run.get_flow_name() or "khronika-etl",
        code_version=CODE_VERSION, extractor_version=EXTRACTOR_VERSION,
        model_versions=model_versions(), parameters=parameters,
    )


@task(name="ingest", retries=1, retry_delay_seconds=5)
def ingest(sources: list[str], db: str, staging_root: str, batch_size: int, limits: dict) -> Intake:
    """Discover files, read new and changed ones, stage validated article batches."""
    limits = Limits(**limits)
    files = discover(sources, limits)
    return stage_articles(files, warehouse.read_state(db), limits, Staging(staging_root), batch_size)


@task(name="extract")
def extract(batches: list[str], staging_root: str, workers: int | None) -> list[BatchResult]:
    """Natasha over every staged batch, fanned out over `workers` processes (default: one per
    core); validated rows, quarantine and warnings are staged."""
    logger = get_run_logger()
    started, results = time.monotonic(), []
    for path, result in parallel.extract_batches(batches, staging_root, EXTRACTOR_VERSION, workers):
        results.append(result)
        done = sum(r.articles for r in results)
        logger.info("extracted batch %d/%d (%s): %d articles, %.1f articles/s", len(results), len(batches),
                    Path(path).stem, done, done / max(time.monotonic() - started, 1e-9))
    return results


@task(name="extract-batch")
def extract_one(articles_path: str, staging_root: str) -> BatchResult:
    """Natasha over one staged batch, for task runners that fan out themselves (Dask)."""
    from tasks.extract import extract_batch
    from tasks.nlp import load_models
    from tasks.parallel import one_math_thread

    with one_math_thread():
        return extract_batch(articles_path, Staging(staging_root), load_models(), EXTRACTOR_VERSION)


def uses_own_pool() -> bool:
    """Under the default task runner extraction fans out over our own process pool; a runner
    that distributes tasks itself (Dask, processes) gets one task per batch."""
    context = FlowRunContext.get()
    return context is None or isinstance(context.task_runner, ThreadPoolTaskRunner)


def extract_all(batches: list[str], staging_root: str, workers: int | None) -> list[BatchResult]:
    if not batches:
        return []
    if uses_own_pool():
        return extract(batches, staging_root, workers)
    return [future.result() for future in extract_one.map(batches, unmapped(staging_root))]


# A failed audit is deterministic: retrying the load would only fail the same way.
@task(name="load", retries=2, retry_delay_seconds=[2, 10],
      retry_condition_fn=retry_unless(warehouse.AuditFailed))
def load(db: str, run_id: int, staging_root: str, counts: dict, schema_checks: list[dict]) -> int:
    return warehouse.load_run(db, run_id, Staging(staging_root).tables(), counts, schema_checks)


def run_counts(intake: Intake, results: list[BatchResult]) -> dict[str, int]:
    return {
        "files_seen": sum(intake.files.values()),
        "files_loaded": intake.files["loaded"], "files_unchanged": intake.files["unchanged"],
        "files_quarantined": intake.files["quarantined"], "files_skipped": intake.files["skipped"],
        "articles_new": intake.articles["new"], "articles_changed": intake.articles["changed"],
        "articles_unchanged": intake.articles["unchanged"],
        "mentions": sum(r.mentions for r in results), "events": sum(r.events for r in results),
        "quarantined": intake.quarantined + sum(r.quarantined for r in results),
        "warnings": sum(r.warnings for r in results),
    }


def schema_check_rows(intake: Intake, results: list[BatchResult]) -> list[dict]:
    """Pandera results per table and check, including the checks that passed."""
    from tasks.schemas import MODELS

    failures: dict[tuple[str, str], int] = {("articles", check): n for check, n in intake.schema_checks.items()}
    for result in results:
        for key, n in result.schema_checks.items():
            failures[key] = failures.get(key, 0) + n
    rows = [{"check_name": f"{table}.{check}", "table_name": table, "failures": n, "status": "failed"}
            for (table, check), n in sorted(failures.items())]
    for table in MODELS:
        if not any(t == table for t, _ in failures):
            rows.append({"check_name": f"{table}.schema", "table_name": table, "failures": 0, "status": "passed"})
    return rows


@flow(name="khronika-etl", log_prints=True, timeout_seconds=RUN_TIMEOUT_SECONDS)
def etl(
    sources: Annotated[list[str] | None, Field(
        description="Article files or folders (walked recursively); relative paths are inside "
                    "the project. Empty: the project's seeds/ folder.")] = None,
    db: Annotated[str, Field(
        description="DuckDB warehouse file to write; created with its folder if missing")] = str(DEFAULT_DB),
    batch_size: Annotated[int, Field(ge=1, le=100_000,
                                     description="Articles per extraction batch")] = DEFAULT_BATCH_SIZE,
    wait_seconds: Annotated[float, Field(
        ge=0, description="How long to wait for another run writing the same warehouse; "
                          "0 fails at once with a clear message")] = 0,
    max_file_bytes: Annotated[int | None, Field(
        ge=1, description="Larger files are quarantined unread; empty: KHRONIKA_MAX_FILE_BYTES or 50 MB")] = None,
    max_article_chars: Annotated[int | None, Field(
        ge=1, description="Longer article texts are quarantined; empty: KHRONIKA_MAX_ARTICLE_CHARS or 200000")] = None,
    max_records_per_file: Annotated[int | None, Field(
        ge=1, description="Records past this in one file are quarantined; "
                          "empty: KHRONIKA_MAX_RECORDS_PER_FILE or 1000000")] = None,
    workers: Annotated[int | None, Field(
        ge=1, description="Extraction processes; empty: one per core")] = None,
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
    with extraction_workers(workers), warehouse.writer_lock(db, wait_seconds):
        run_id = open_run(db, parameters)
        staging = Staging.for_run(db, run_id)
        with failing_run(db, run_id, staging):
            intake = ingest(sources, db, str(staging.root), batch_size, limits)
            logger.info("run %s: %s files %s, articles %s; %d batch(es) to extract",
                        run_id, sum(intake.files.values()), dict(intake.files), dict(intake.articles), len(intake.batches))
            summary = extract_and_load(db, run_id, staging, intake, started, workers)
        # Still under the writer lock, so no other run is writing while it reads.
        if publish_or_warn(db, run_id, extra={"elapsed (flow)": f"{summary['elapsed_seconds']} s"}):
            summary["dashboard"] = str(dashboard_path(db))
    logger.info("run %s committed: %s", run_id, summary)
    return summary


@contextmanager
def extraction_workers(workers: int | None):
    """Extraction workers start building their models while the run opens and ingests (khronika
    run starts them even earlier); extract_and_load stops them once extraction is over (at once
    when there is nothing to extract), and a failing run here."""
    if uses_own_pool():
        parallel.warm_up(workers)
    try:
        yield
    finally:
        parallel.shut_down()


@contextmanager
def failing_run(db: str, run_id: int, staging: Staging):
    """Mark the run failed on any error; always drop its staging files, and those of killed runs."""
    for stale in Staging.remove_stale(db, run_id):
        get_run_logger().warning("removed %s, left behind by a run that did not finish", stale)
    try:
        yield
    except BaseException as error:
        warehouse.fail_run(db, run_id, f"{type(error).__name__}: {error}")
        raise
    finally:
        staging.remove()


def extract_and_load(db: str, run_id: int, staging: Staging, intake: Intake, started: float,
                     workers: int | None = None) -> dict:
    """Extract every staged batch (over `workers` processes), then load the run in one
    transaction; return its summary.

    `started` is the run's start (time.monotonic()), for rates and the elapsed time."""
    pause_point("extract")
    results = extract_all(intake.batches, str(staging.root), workers)
    parallel.shut_down()  # the load needs no workers: free their memory first
    counts = run_counts(intake, results)
    new_entities = load(db, run_id, str(staging.root), counts, schema_check_rows(intake, results))
    return {"run_id": run_id, "flow_run_id": flow_run.get_id(), **counts, "entities_new": new_entities,
            "articles_extracted": sum(r.articles for r in results),
            "elapsed_seconds": round(time.monotonic() - started, 2)}
