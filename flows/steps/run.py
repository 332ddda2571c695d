"""The steps every run shares, as thin Prefect tasks over tasks/: open the run, ingest, extract,
load, and the bookkeeping around them (failure, staging, counts)."""
from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
from prefect import get_run_logger, task, unmapped
from prefect.cache_policies import NO_CACHE
from prefect.context import FlowRunContext
from prefect.runtime import flow_run
from prefect.task_runners import ThreadPoolTaskRunner

from flows.steps.parameters import retry_unless
from tasks.ingest.discover import discover, scanned_roots
from tasks.ingest.intake import Intake, stage_articles
from tasks.nlp.models import model_versions
from tasks.nlp.pool import ExtractionPool, extract_batches, lent_pool
from tasks.settings import EXTRACTOR_VERSION, Limits, pause_point, raise_if_interrupted
from tasks.warehouse.connect import WarehouseBusy
from tasks.warehouse.doctor import WarehouseDamaged, backup_path, keep_backup
from tasks.warehouse.load import AuditFailed, load_run
from tasks.warehouse.runs import begin_run, fail_run, read_state
from tasks.warehouse.space import out_of_space
from tasks.warehouse.staging import Staging

if TYPE_CHECKING:  # Natasha loads only when there is something to extract
    from tasks.nlp.extract import BatchResult

# Long enough for a large backlog at ~20 articles/s; a hung run is failed instead of holding
# the writer lock forever.
RUN_TIMEOUT_SECONDS = 6 * 3600
CODE_VERSION = "khronika " + metadata.version("khronika")


# No task retries: opening the warehouse already waits for readers to let go (connect.py).
@task(name="open-run")
def open_run(db: str, parameters: dict) -> int:
    return begin_run(
        db, flow_run_id=flow_run.get_id(), flow_name=flow_run.get_flow_name() or "khronika-etl",
        code_version=CODE_VERSION, extractor_version=EXTRACTOR_VERSION,
        model_versions=model_versions(), parameters=parameters,
    )


@task(name="ingest", retries=1, retry_delay_seconds=5)
def ingest(sources: list[str], db: str, staging_root: str, batch_size: int, limits: dict,
           retire_missing: bool = False, chunk_articles: int | None = None) -> Intake:
    """Discover files, read new and changed ones (up to a chunk), stage validated article batches
    and the tombstones of articles whose file is gone from a scanned folder."""
    limits = Limits(**limits)
    files = discover(sources, limits)
    state = read_state(db, {file.path: file.content_hash for file in files}, scanned_roots(sources))
    return stage_articles(files, state, limits, Staging(staging_root), batch_size, retire_missing,
                          chunk_articles)


# The pool is a live object (processes, pipes): nothing to hash for a cache key.
@task(name="extract", cache_policy=NO_CACHE)
def extract(batches: list[str], staging_root: str, pool: ExtractionPool | None) -> list[BatchResult]:
    """Natasha over every staged batch, on the pool's workers (in this process without one);
    validated rows, quarantine and warnings are staged."""
    logger = get_run_logger()
    started, results = time.monotonic(), []
    for path, result in extract_batches(batches, staging_root, EXTRACTOR_VERSION, pool):
        results.append(result)
        done = sum(r.articles for r in results)
        logger.info("extracted batch %d/%d (%s): %d articles, %.1f articles/s", len(results), len(batches),
                    Path(path).stem, done, done / max(time.monotonic() - started, 1e-9))
    if pool is not None and pool.deaths:
        logger.warning("a worker died mid-batch %d time(s); its batches ran again on fresh workers, and an "
                       "article that kept killing them is quarantined (stage extract)", pool.deaths)
    return results


@task(name="extract-batch")
def extract_one(articles_path: str, staging_root: str) -> BatchResult:
    """Natasha over one staged batch, for task runners that fan out themselves (Dask)."""
    (_, result), = extract_batches([articles_path], staging_root, EXTRACTOR_VERSION)
    return result


def name_flow_run(name: str) -> None:
    """Give the flow run a name that says what it does (`run 12 · seeds`); a server that does
    not answer costs the name, not the run."""
    from prefect.client.orchestration import get_client

    flow_run_id = flow_run.get_id()
    if not flow_run_id:
        return
    try:
        with get_client(sync_client=True) as client:
            client.update_flow_run(flow_run_id, name=name)
    except Exception as error:  # naming is cosmetic
        get_run_logger().warning("could not name the flow run %r: %s", name, error)


def uses_own_pool() -> bool:
    """Under the default task runner extraction fans out over our own process pool; a runner
    that distributes tasks itself (Dask, processes) gets one task per batch."""
    context = FlowRunContext.get()
    return context is None or isinstance(context.task_runner, ThreadPoolTaskRunner)


@contextmanager
def extraction_pool(workers: int | None, wanted: Callable[[], bool] = lambda: True,
                    ) -> Iterator[ExtractionPool | None]:
    """The run's extraction pool: the one its caller lent (khronika run starts it before the
    flow), else one started now so its workers build their models while the run opens and
    ingests; None when extraction runs in this process or on the task runner's own workers, or
    when `wanted()` says the run has no file to read (should one arrive meanwhile, this process
    extracts it). extract_and_load closes it once extraction is over; this closes it if the run
    fails first."""
    pool = None
    if uses_own_pool():
        pool = lent_pool() or (ExtractionPool.start(workers) if wanted() else None)
    try:
        yield pool
    except BaseException:
        if pool is not None:
            pool.abort()
        raise
    finally:
        if pool is not None:
            pool.close()


# A failed audit is deterministic: retrying the load would only fail the same way. Nor is a busy
# warehouse retried: opening it already waited for readers to let go (connect.py).
@task(name="load", retries=2, retry_delay_seconds=[2, 10],
      retry_condition_fn=retry_unless(AuditFailed, WarehouseBusy))
def load(db: str, run_id: int, staging_root: str, counts: dict, schema_checks: list[dict]) -> int:
    return load_run(db, run_id, Staging(staging_root).tables(), counts, schema_checks)


def run_counts(intake: Intake, results: list[BatchResult]) -> dict[str, int]:
    return {
        "files_seen": sum(intake.files.values()),
        "files_loaded": intake.files["loaded"], "files_unchanged": intake.files["unchanged"],
        "files_quarantined": intake.files["quarantined"], "files_skipped": intake.files["skipped"],
        # Every new version of a held article: another text, date, other metadata or a new path.
        "articles_new": intake.articles["new"],
        "articles_changed": sum(intake.articles[kind] for kind in ("changed", "redated", "edited", "renamed")),
        "articles_unchanged": intake.articles["unchanged"],
        "mentions": sum(r.mentions for r in results), "events": sum(r.events for r in results),
        "quarantined": intake.quarantined + sum(r.quarantined for r in results),
        "warnings": sum(r.warnings for r in results),
    }


def schema_check_rows(intake: Intake, results: list[BatchResult]) -> list[dict]:
    """Pandera results per table and check, including the checks that passed."""
    from tasks.quality.schemas import MODELS

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


@contextmanager
def failing_run(db: str, run_id: int, staging: Staging):
    """Mark the run failed on any error; always drop its staging files, and those of killed runs."""
    for stale in Staging.remove_stale(db, run_id):
        get_run_logger().warning("removed %s, left behind by a run that did not finish", stale)
    try:
        yield
    except KeyboardInterrupt:
        record_failure(db, run_id, "interrupted (Ctrl-C): nothing of this run was committed")
        raise
    except BaseException as error:
        full = out_of_space(error)
        record_failure(db, run_id, f"OutOfSpace: {full}" if full else f"{type(error).__name__}: {error}")
        raise
    finally:
        staging.remove()


def record_failure(db: str, run_id: int, error: str) -> None:
    """Mark the run failed; when even that cannot be written (a full disk), warn and let the
    run's own error through: the next run marks this one failed as abandoned."""
    try:
        fail_run(db, run_id, error)
    except (OSError, duckdb.Error) as failure:
        get_run_logger().warning("could not mark run %s failed: %s: %s", run_id, type(failure).__name__, failure)


def backup_or_warn(db: str) -> None:
    """Keep the copy of the warehouse as this run committed it (tasks/warehouse/doctor.py); a
    copy that fails costs a warning, never the committed run."""
    logger = get_run_logger()
    started = time.monotonic()
    try:
        if keep_backup(db) is not None:
            logger.info("kept a checked copy of the warehouse in %s (%.2f s)", backup_path(db),
                        time.monotonic() - started)
    except (OSError, duckdb.Error, WarehouseDamaged) as error:  # the run is committed whatever the copy does
        logger.warning("could not keep a copy of the warehouse: %s: %s", type(error).__name__, error)


def extract_and_load(db: str, run_id: int, staging: Staging, intake: Intake, started: float,
                     pool: ExtractionPool | None = None) -> dict:
    """Extract every staged batch (on `pool`, or one task per batch under a runner that fans out
    itself), stop the pool, then load the run in one transaction; return its summary.

    `started` is the run's start (time.monotonic()), for rates and the elapsed time."""
    pause_point("extract")
    raise_if_interrupted()  # a Ctrl-C swallowed while the run opened or ingested
    if not intake.batches:
        results = []
    elif uses_own_pool():
        try:
            results = extract(intake.batches, str(staging.root), pool)
        except BaseException:
            if pool is not None:
                pool.abort()  # before failing_run removes staging: no worker may write there after
            raise
    else:
        results = [future.result() for future in extract_one.map(intake.batches, unmapped(str(staging.root)))]
    if pool is not None:
        pool.close()  # the load needs no workers: free their memory first
    counts = run_counts(intake, results)
    raise_if_interrupted()  # nor load a run the user stopped
    new_entities = load(db, run_id, str(staging.root), counts, schema_check_rows(intake, results))
    backup_or_warn(db)
    return {"run_id": run_id, "flow_run_id": flow_run.get_id(), **counts, "entities_new": new_entities,
            "articles_renamed": intake.articles["renamed"], "articles_removed": intake.removed,
            "articles_retired": intake.retired, "articles_returned": intake.returned,
            "articles_extracted": sum(r.articles for r in results),
            "elapsed_seconds": round(time.monotonic() - started, 2)}
