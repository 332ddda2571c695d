"""Extraction fanned out over worker processes, each building the models once.

The pool lives inside the extract stage, so it works the same with no Prefect server (the
embedded CLI) and under a deployment: workers only read staged batches and write staged
results, they never talk to Prefect. Each worker's numerical libraries run single-threaded:
one process per core beats threads fighting over the same cores.
"""
from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import TYPE_CHECKING

from tasks.nlp import load_models
from tasks.staging import Staging

if TYPE_CHECKING:
    from tasks.extract import BatchResult


def default_workers() -> int:
    """One worker per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def one_math_thread():
    """Limit BLAS/OpenMP to one thread in this process (usable as a context manager too)."""
    import numpy  # noqa: F401  (loads the BLAS library the limit applies to; it must be loaded)
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1)


def _pool_context() -> multiprocessing.context.BaseContext:
    """Workers fork from a fork server that imports nothing: each worker imports its code and
    builds its models (about a second, on its own core), and nothing sits resident in the fork
    server to be counted again. Never forked from the caller, which may hold threads and locks
    a fork would copy."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([])
    return context


def _exit_with_run(run_pid: int, every: float = 1.0) -> None:
    """End this worker when the run that started it is gone. A run killed outright leaves its
    pool workers waiting for work forever, holding their models' memory (and the fork server,
    which stays while any of them does)."""
    import psutil

    run = psutil.Process(run_pid)

    def alive() -> bool:
        try:
            return run.is_running() and run.status() != psutil.STATUS_ZOMBIE
        except psutil.NoSuchProcess:
            return False

    def watch() -> None:
        while alive():
            time.sleep(every)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-run", daemon=True).start()


def _start_worker(run_pid: int) -> None:
    _exit_with_run(run_pid)
    one_math_thread()
    load_models()


def _ready() -> None:
    """A no-op: submitted once per worker so the pool starts all its processes at once."""


def _extract_in_worker(articles_path: str, staging_root: str, extractor_version: str) -> BatchResult:
    from tasks.extract import extract_batch

    return extract_batch(articles_path, Staging(staging_root), load_models(), extractor_version)


class ExtractionPool:
    """Worker processes that start, and build their models, as soon as the pool is made: made
    early, their start-up overlaps whatever the caller does until there is work."""

    def __init__(self, workers: int):
        self._executor = ProcessPoolExecutor(max_workers=workers, mp_context=_pool_context(),
                                             initializer=_start_worker, initargs=(os.getpid(),))
        # A submission finding no idle worker starts one, so this starts them all now.
        for _ in range(workers):
            self._executor.submit(_ready)

    def extract(self, batches: Sequence[str], staging_root: str, extractor_version: str,
                ) -> Iterator[tuple[str, BatchResult]]:
        futures = {self._executor.submit(_extract_in_worker, path, staging_root, extractor_version): path
                   for path in batches}
        try:
            for future in as_completed(futures):
                yield futures[future], future.result()
        finally:
            for future in futures:
                future.cancel()

    def pids(self) -> list[int]:
        return list(self._executor._processes or {})

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)


# The pool started ahead of a run by warm_up(); the run's extract stage takes it over.
_warm_pool: ExtractionPool | None = None


def warm_up(workers: int | None = None) -> None:
    """Start the extraction workers now (a no-op with one worker, or when they are running):
    `khronika run` does it while Prefect's temporary server boots, the flow before ingest."""
    global _warm_pool
    workers = workers or default_workers()
    if workers > 1 and _warm_pool is None:
        _warm_pool = ExtractionPool(workers)


def shut_down() -> None:
    """Stop the warmed-up workers, if any (there was nothing to extract, or the run is over)."""
    global _warm_pool
    pool, _warm_pool = _warm_pool, None
    if pool is not None:
        pool.close()


def extract_batches(
    batches: Sequence[str], staging_root: str, extractor_version: str, workers: int | None = None,
) -> Iterator[tuple[str, BatchResult]]:
    """Extract every staged batch; yield (batch path, result) as each one finishes.

    Uses the warmed-up pool if there is one; else with one worker (or one batch) it runs in this
    process, otherwise in a pool of processes made for the call.
    """
    from tasks.extract import extract_batch

    if _warm_pool is not None and batches:
        yield from _warm_pool.extract(batches, staging_root, extractor_version)
        return
    workers = min(workers or default_workers(), len(batches))
    if workers <= 1:
        with one_math_thread():
            models = load_models() if batches else None
            for path in batches:
                yield path, extract_batch(path, Staging(staging_root), models, extractor_version)
        return
    pool = ExtractionPool(workers)
    try:
        yield from pool.extract(batches, staging_root, extractor_version)
    finally:
        pool.close()
