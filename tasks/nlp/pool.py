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
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
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
    freeze_loaded()


# Objects a worker allocates between two young-generation collections (Python's default is 700).
# Annotation and extraction make and drop a few hundred thousand small objects per article, and
# at 700 a worker spent 3.8 ms of each Lenta article in 6 young and 0.5 middle collections; at
# 5,000 it spends 2.0 (tested 700 / 5,000 / 10,000 alternately, 300 articles three times: 45.0 /
# 43.7 / 43.8 ms per article in all). The garbage waiting for a pass is a few MB at most.
YOUNG_GC_THRESHOLD = 5000


def freeze_loaded() -> None:
    """Leave what is loaded so far (modules, the models' dictionaries and vocabularies: 110k
    objects) out of the cyclic garbage collector's passes: they live as long as the process,
    yet every full collection walked them again, about 2.5 ms of a worker's 30 ms per Lenta
    article. Garbage made later is collected as before, in fewer, larger passes."""
    import gc

    gc.collect()          # what loading left behind goes now, not into the frozen set
    gc.freeze()
    gc.set_threshold(YOUNG_GC_THRESHOLD, *gc.get_threshold()[1:])


@contextmanager
def _sigint_held() -> Iterator[None]:
    """Hold Ctrl-C back (delivered, not lost, on the way out) while worker processes start. A
    terminal's SIGINT reaches the whole process group, and a fork server or worker still
    starting Python died of it with a traceback; the blocked mask is inherited, so they never
    take it (the run stops them itself)."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _ready() -> None:
    """A no-op: submitted once per worker so the pool starts all its processes at once."""


# Test hook: a pool worker given a batch holding an article whose text contains this string
# kills itself with SIGKILL, as the kernel's out-of-memory killer would. The run reads it when
# it hands out a batch (workers fork from a server started before a test could set it).
KILL_WORKER_ENV = "KHRONIKA_TEST_KILL_WORKER"


def _extract_in_worker(articles_path: str, staging_root: str, extractor_version: str,
                       running: str | None = None, kill_marker: str | None = None) -> BatchResult:
    import polars as pl

    from tasks.nlp.extract import extract_batch

    if running:  # tells the run which batch this process holds, should it die
        Path(running, str(os.getpid())).write_text(articles_path)
    if kill_marker and pl.read_parquet(articles_path, columns=["text"])["text"].str.contains(
            kill_marker, literal=True).any():
        os.kill(os.getpid(), signal.SIGKILL)
    try:
        return extract_batch(articles_path, Staging(staging_root), load_models(), extractor_version)
    finally:
        if running:
            Path(running, str(os.getpid())).unlink(missing_ok=True)


# How often a batch may take its worker down before it is split (and a lone article quarantined).
WORKER_DEATHS_PER_BATCH = 2


@dataclass
class _Piece:
    """A staged batch, or part of one after it killed its worker: `origin` is the batch it
    came from, `deaths` how many workers died running it."""

    path: str
    origin: str
    deaths: int = 0


class ExtractionPool:
    """Worker processes that start, and build their models, as soon as the pool is made: made
    early, their start-up overlaps whatever the caller does until there is work."""

    def __init__(self, workers: int):
        self.workers = workers
        self._executor = self._new_executor()
        self.deaths = 0  # times a worker died mid-batch (and the workers were replaced)
        self._idle_deaths = 0
        self._closed = False

    def _new_executor(self) -> ProcessPoolExecutor:
        with _sigint_held():
            executor = ProcessPoolExecutor(max_workers=self.workers, mp_context=_pool_context(),
                                           initializer=_start_worker, initargs=(os.getpid(),))
            # A submission finding no idle worker starts one, so this starts them all now.
            for _ in range(self.workers):
                executor.submit(_ready)
        return executor

    @classmethod
    def start(cls, workers: int | None = None) -> ExtractionPool | None:
        """A pool of `workers` processes (default: one per core); None for a single worker,
        whose extraction runs in the caller's process."""
        workers = workers or default_workers()
        return cls(workers) if workers > 1 else None

    def extract(self, batches: Sequence[str], staging_root: str, extractor_version: str,
                ) -> Iterator[tuple[str, BatchResult]]:
        """Extract every batch on the workers; yield (batch, result) as each batch is done.

        A worker that dies mid-batch (killed, out of memory) breaks the whole executor: the
        pool starts a fresh one and sends the other batches again. The batches that were
        running when it died are suspects: they run again one at a time, so the next death
        names its batch; a batch that kills WORKER_DEATHS_PER_BATCH workers is split in halves,
        down to the article, and an article that still kills its worker is quarantined."""
        from tasks.nlp.extract import BatchResult

        if self._closed:  # closed after an earlier chunk's extraction: start afresh
            self._executor, self._closed = self._new_executor(), False
        running = Path(staging_root, "running")  # one file per busy worker: the batch it holds
        running.mkdir(parents=True, exist_ok=True)
        queue = [_Piece(path, path) for path in batches]
        suspects: list[_Piece] = []
        left = {path: 1 for path in batches}  # pieces still to do, per batch
        totals = {path: BatchResult() for path in batches}
        futures: dict[Future, _Piece] = {}
        try:
            while queue or suspects or futures:
                if not futures:  # suspects run alone, between the other batches
                    if suspects:
                        submit = [suspects.pop(0)]
                    else:
                        submit, queue = queue, []
                    for piece in submit:
                        futures[self._submit(piece, staging_root, extractor_version, running)] = piece
                # Wake up twice a second: a signal may be delivered to any thread, and the main
                # thread only raises KeyboardInterrupt once it runs Python code again, so an
                # untimed wait would keep Ctrl-C waiting for the next batch to finish.
                done, _ = wait(futures, timeout=0.5, return_when=FIRST_COMPLETED)
                if any(isinstance(future.exception(), BrokenProcessPool) for future in done):
                    wait(futures)  # a broken executor fails every future it holds at once
                    queue += self._after_death(futures, running, staging_root, suspects, left, totals)
                    futures = {}
                else:
                    for future in done:
                        piece = futures.pop(future)
                        _add(totals[piece.origin], future.result())
                        left[piece.origin] -= 1
                for origin in [origin for origin, n in left.items() if n == 0]:
                    del left[origin]
                    yield origin, totals[origin]
        finally:
            for future in futures:
                future.cancel()

    def _submit(self, piece: _Piece, staging_root: str, extractor_version: str, running: Path) -> Future:
        """Hand a piece to the workers; an executor that broke while idle (a worker killed
        between batches or chunks) is replaced first."""
        arguments = (piece.path, staging_root, extractor_version, str(running), os.environ.get(KILL_WORKER_ENV))
        try:
            return self._executor.submit(_extract_in_worker, *arguments)
        except BrokenProcessPool:
            self._replace(idle=True)
            return self._executor.submit(_extract_in_worker, *arguments)

    def _replace(self, idle: bool) -> None:
        """A fresh executor for a broken one; a worker dying with no batch in hand (while
        starting, or idle) too often fails the stage, as no article is to blame."""
        self._executor.shutdown(wait=True, cancel_futures=True)
        if idle:
            self._idle_deaths += 1
            if self._idle_deaths > WORKER_DEATHS_PER_BATCH:
                raise BrokenProcessPool(f"extraction workers died {self._idle_deaths} times holding no batch")
        else:
            self.deaths += 1
        self._executor = self._new_executor()

    def _after_death(self, futures: dict[Future, _Piece], running: Path, staging_root: str,
                     suspects: list[_Piece], left: dict[str, int], totals: dict) -> list[_Piece]:
        """Replace the broken executor; add to `suspects` the pieces its workers were running
        (split, or quarantined, once they have killed too many workers); return the pieces to
        send again as usual (those still waiting when it broke)."""
        held = {marker.read_text() for marker in running.iterdir()}
        for marker in running.iterdir():
            marker.unlink(missing_ok=True)
        self._replace(idle=not held)
        again = []
        for future, piece in futures.items():
            error = future.exception()
            if error is not None and not isinstance(error, BrokenProcessPool):
                raise error
            if error is None:  # finished before the death: keep
                _add(totals[piece.origin], future.result())
                left[piece.origin] -= 1
            elif piece.path in held:
                piece.deaths += 1
                _discard_outputs(staging_root, Path(piece.path).stem)
                suspects.extend(_split_or_quarantine(piece, staging_root, left, totals))
            else:
                again.append(piece)
        return again

    def pids(self) -> list[int]:
        return list(self._executor._processes or {})

    def close(self) -> None:
        """Stop the workers (and free their models' memory); closing twice is harmless, and
        extracting again starts new ones."""
        self._executor.shutdown(wait=True, cancel_futures=True)
        self._closed = True

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
        self._closed = True

    def __enter__(self) -> ExtractionPool:
        return self

    def __exit__(self, exc_type: object, *exc_info: object) -> None:
        self.abort() if exc_type is not None else self.close()


def _add(total: BatchResult, part: BatchResult) -> None:
    for name in ("articles", "mentions", "events", "quarantined", "warnings"):
        setattr(total, name, getattr(total, name) + getattr(part, name))
    for key, n in part.schema_checks.items():
        total.schema_checks[key] = total.schema_checks.get(key, 0) + n


def _discard_outputs(staging_root: str, stem: str) -> None:
    """Remove what a worker that died staged for batch `stem` (it writes its tables one by one
    at the end, so a death there leaves some written and some not). Never its input."""
    for folder in Path(staging_root).iterdir():
        if folder.is_dir() and folder.name not in ("articles_history", "pieces", "running"):
            for name in (f"{stem}.parquet", f"extract-{stem}.parquet"):
                (folder / name).unlink(missing_ok=True)


def _split_or_quarantine(piece: _Piece, staging_root: str, left: dict[str, int], totals: dict) -> list[_Piece]:
    """What to run next for a piece whose worker died: itself again, until it has killed
    WORKER_DEATHS_PER_BATCH workers; then its two halves (each already a suspect, so one more
    death splits it again); a lone article that kills its worker is quarantined, its text
    loaded without entities or events."""
    import polars as pl

    from tasks.quality.quarantine import QuarantineRow, quarantine_frame

    if piece.deaths < WORKER_DEATHS_PER_BATCH:
        return [piece]
    articles = pl.read_parquet(piece.path)
    stem = Path(piece.path).stem
    if articles.height <= 1:
        rows = [QuarantineRow(
            article["source_path"], "extract",
            f"extraction killed its worker process {piece.deaths} times (out of memory or a crash); "
            "the article is loaded without entities or events", article_id=article["article_id"])
            for article in articles.iter_rows(named=True)]
        Staging(staging_root).write("quarantine", quarantine_frame(rows), f"extract-{stem}-died")
        totals[piece.origin].quarantined += len(rows)
        left[piece.origin] -= 1
        return []
    halves = []
    folder = Path(staging_root, "pieces")
    folder.mkdir(exist_ok=True)
    middle = articles.height // 2
    for suffix, part in (("a", articles.head(middle)), ("b", articles.tail(articles.height - middle))):
        path = folder / f"{stem}{suffix}.parquet"
        part.write_parquet(path)
        halves.append(_Piece(str(path), piece.origin, deaths=WORKER_DEATHS_PER_BATCH - 1))
    left[piece.origin] += 1
    return halves


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
