"""Extraction fanned out over worker processes, each building the models once.

The pool lives inside the extract stage, so it works the same with no Prefect server (the
embedded CLI) and under a deployment: workers only read staged batches and write staged
results, they never talk to Prefect. Each worker's numerical libraries run single-threaded:
one process per core beats threads fighting over the same cores.
"""
from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
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


@contextmanager
def single_threaded_math():
    """Keep BLAS/OpenMP to one thread while the block runs."""
    with one_math_thread():
        yield


def _pool_context() -> multiprocessing.context.BaseContext:
    """Workers fork from a fork server that imported their code once (tasks/worker_models.py),
    so each starts in a moment and only builds its models. Never forked from the caller, which
    may hold threads and locks a fork would copy."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["tasks.worker_models"])
    return context


def _start_worker() -> None:
    one_math_thread()
    load_models()


def _extract_in_worker(articles_path: str, staging_root: str, extractor_version: str) -> BatchResult:
    from tasks.extract import extract_batch

    return extract_batch(articles_path, Staging(staging_root), load_models(), extractor_version)


def extract_batches(
    batches: Sequence[str], staging_root: str, extractor_version: str, workers: int | None = None,
) -> Iterator[tuple[str, BatchResult]]:
    """Extract every staged batch; yield (batch path, result) as each one finishes.

    With one worker (or one batch) it runs in this process; otherwise in a pool of processes.
    """
    from tasks.extract import extract_batch

    workers = min(workers or default_workers(), len(batches))
    if workers <= 1:
        with single_threaded_math():
            models = load_models() if batches else None
            for path in batches:
                yield path, extract_batch(path, Staging(staging_root), models, extractor_version)
        return
    with ProcessPoolExecutor(max_workers=workers, mp_context=_pool_context(), initializer=_start_worker) as pool:
        futures = {pool.submit(_extract_in_worker, path, staging_root, extractor_version): path
                   for path in batches}
        try:
            for future in as_completed(futures):
                yield futures[future], future.result()
        finally:
            for future in futures:
                future.cancel()
