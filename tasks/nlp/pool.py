"""Extraction fanned out over worker processes, each building the models once.

The pool is an object its run owns: the flow makes one (or takes the one `khronika run` lent it,
started before Prefect's temporary server boots), passes it to the extract stage and closes it
as soon as extraction is done. Workers only read staged batches and write staged results, they
never talk to Prefect, so the pool works the same with no server (the embedded CLI) and under a
deployment. Each worker's numerical libraries run single-threaded: one process per core beats
threads fighting over the same cores.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING

from tasks.nlp.models import load_models
from tasks.warehouse.staging import Staging

if TYPE_CHECKING:
    from tasks.nlp.extract import BatchResult


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
    # Ctrl-C reaches the whole process group; the run decides, and stops its workers (abort).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _exit_with_run(run_pid)
    one_math_thread()
    load_models()


def _ready() -> None:
    """A no-op: submitted once per worker so the pool starts all its processes at once."""


def _extract_in_worker(articles_path: str, staging_root: str, extractor_version: str) -> BatchResult:
    from tasks.nlp.extract import extract_batch

    return extract_batch(articles_path, Staging(staging_root), load_models(), extractor_version)


class ExtractionPool:
    """Worker processes that start, and build their models, as soon as the pool is made: made
    early, their start-up overlaps whatever the caller does until there is work."""

    def __init__(self, workers: int):
        self.workers = workers
        self._executor = ProcessPoolExecutor(max_workers=workers, mp_context=_pool_context(),
                                             initializer=_start_worker, initargs=(os.getpid(),))
        # A submission finding no idle worker starts one, so this starts them all now.
        for _ in range(workers):
            self._executor.submit(_ready)

    @classmethod
    def start(cls, workers: int | None = None) -> ExtractionPool | None:
        """A pool of `workers` processes (default: one per core); None for a single worker,
        whose extraction runs in the caller's process."""
        workers = workers or default_workers()
        return cls(workers) if workers > 1 else None

    def extract(self, batches: Sequence[str], staging_root: str, extractor_version: str,
                ) -> Iterator[tuple[str, BatchResult]]:
        futures = {self._executor.submit(_extract_in_worker, path, staging_root, extractor_version): path
                   for path in batches}
        pending = set(futures)
        try:
            while pending:
                # Wake up twice a second: a signal may be delivered to any thread, and the main
                # thread only raises KeyboardInterrupt once it runs Python code again, so an
                # untimed wait would keep Ctrl-C waiting for the next batch to finish.
                done, pending = wait(pending, timeout=0.5, return_when=FIRST_COMPLETED)
                for future in done:
                    yield futures[future], future.result()
        finally:
            for future in futures:
                future.cancel()

    def pids(self) -> list[int]:
        return list(self._executor._processes or {})

    def close(self) -> None:
        """Stop the workers (and free their models' memory); closing twice is harmless."""
        self._executor.shutdown(wait=True, cancel_futures=True)

    def abort(self) -> None:
        """Stop the workers now, mid-batch: the run is over (Ctrl-C, a failure), and waiting for
        their batches would keep the user waiting for work nobody will load."""
        processes = list((self._executor._processes or {}).values())
        for process in processes:
            if process.is_alive():
                process.terminate()
        self._executor.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.join(timeout=2)

    def __enter__(self) -> ExtractionPool:
        return self

    def __exit__(self, exc_type: object, *exc_info: object) -> None:
        self.abort() if exc_type is not None else self.close()


# A pool started by the caller of a flow (khronika run) before the flow itself starts.
_lent: ContextVar[ExtractionPool | None] = ContextVar("lent_extraction_pool", default=None)


@contextmanager
def lend(pool: ExtractionPool | None) -> Iterator[None]:
    """Offer `pool` to the runs started inside the block (see `lent_pool`); the lender still
    closes it in the end, the run may close it earlier."""
    token = _lent.set(pool)
    try:
        yield
    finally:
        _lent.reset(token)


def lent_pool() -> ExtractionPool | None:
    """The pool lent to this run by its caller, if any."""
    return _lent.get()


def extract_batches(
    batches: Sequence[str], staging_root: str, extractor_version: str,
    pool: ExtractionPool | None = None,
) -> Iterator[tuple[str, BatchResult]]:
    """Extract every staged batch; yield (batch path, result) as each one finishes: on the
    pool's workers, or in this process when there is no pool."""
    from tasks.nlp.extract import extract_batch

    if pool is not None and batches:
        yield from pool.extract(batches, staging_root, extractor_version)
        return
    with one_math_thread():
        models = load_models() if batches else None
        for path in batches:
            yield path, extract_batch(path, Staging(staging_root), models, extractor_version)
