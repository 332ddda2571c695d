"""Extraction over worker processes stages exactly the rows one process stages."""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import polars as pl
import psutil
import pytest

from flows.steps.run import extraction_pool
from tasks.ingest.discover import discover
from tasks.ingest.intake import stage_articles
from tasks.nlp import pool as pool_module
from tasks.nlp.pool import WORKER_DEATHS_PER_BATCH, ExtractionPool, extract_batches, lend
from tasks.settings import EXTRACTOR_VERSION, Limits
from tasks.warehouse.runs import WarehouseState
from tasks.warehouse.staging import Staging
from tests.conftest import REPO_ROOT, SAMPLE, SEEDS

EXTRACTED_TABLES = ["mentions_history", "entities_history", "events_history", "event_arguments_history",
                    "extractions", "quarantine", "dq_warnings"]


def staged_run(root: Path, batch_size: int = 2) -> tuple[Staging, list[str]]:
    staging = Staging(root)
    intake = stage_articles(discover([str(SEEDS), str(SAMPLE)], Limits()), WarehouseState({}, {}, {}),
                            Limits(), staging, batch_size)
    return staging, intake.batches


def staged_rows(staging: Staging) -> dict[str, list[tuple]]:
    rows = {}
    for table in EXTRACTED_TABLES:
        files = staging.files(table)
        frame = pl.concat([pl.read_parquet(f) for f in files]) if files else pl.DataFrame()
        rows[table] = sorted(frame.rows()) if frame.height else []
    return rows


def test_two_workers_stage_the_same_rows_as_one(tmp_path):
    single, batches_single = staged_run(tmp_path / "single")
    pooled, batches_pooled = staged_run(tmp_path / "pooled")
    assert len(batches_single) >= 3  # several batches, so both workers get some

    one = dict(extract_batches(batches_single, str(single.root), EXTRACTOR_VERSION, pool=None))
    with ExtractionPool.start(2) as pool:
        two = dict(extract_batches(batches_pooled, str(pooled.root), EXTRACTOR_VERSION, pool))

    assert set(one) == set(batches_single) and set(two) == set(batches_pooled)
    assert sum(r.articles for r in two.values()) == sum(r.articles for r in one.values()) >= 6
    assert sum(r.mentions for r in two.values()) == sum(r.mentions for r in one.values()) > 0
    single_rows, pooled_rows = staged_rows(single), staged_rows(pooled)
    assert single_rows["mentions_history"]
    assert pooled_rows == single_rows


def test_no_batches_start_no_workers(tmp_path, monkeypatch):
    def no_pool(self, workers):
        raise AssertionError("a pool was started with nothing to extract")

    monkeypatch.setattr(ExtractionPool, "__init__", no_pool)
    assert list(extract_batches([], str(tmp_path), EXTRACTOR_VERSION, pool=None)) == []


def test_a_worker_failure_fails_the_stage_with_its_error(tmp_path):
    missing = str(tmp_path / "articles_history" / "00001.parquet")
    other = str(tmp_path / "articles_history" / "00002.parquet")
    with pytest.raises(FileNotFoundError), ExtractionPool.start(2) as pool:
        list(extract_batches([missing, other], str(tmp_path), EXTRACTOR_VERSION, pool))


def test_a_lent_pool_does_the_extraction_then_stops(tmp_path, monkeypatch):
    made = []

    class CountedPool(ExtractionPool):
        def __init__(self, workers):
            made.append(workers)
            super().__init__(workers)

    warm, batches = staged_run(tmp_path / "warm")
    single, batches_single = staged_run(tmp_path / "single")
    lent = CountedPool(2)
    monkeypatch.setattr(pool_module.ExtractionPool, "start", classmethod(lambda cls, workers=None: CountedPool(2)))
    try:
        pids = lent.pids()
        assert len(pids) == 2 and all(psutil.pid_exists(pid) for pid in pids)
        with lend(lent), extraction_pool(2) as pool:  # the run takes the lent pool
            assert pool is lent
            results = dict(extract_batches(batches, str(warm.root), EXTRACTOR_VERSION, pool))
    finally:
        lent.close()
    assert made == [2]  # the lent pool did the work; no second pool was made
    assert not any(psutil.pid_exists(pid) and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
                   for pid in pids)
    dict(extract_batches(batches_single, str(single.root), EXTRACTOR_VERSION, pool=None))
    assert set(results) == set(batches)
    assert staged_rows(warm) == staged_rows(single)


def test_one_worker_needs_no_pool():
    assert ExtractionPool.start(1) is None


def test_workers_of_a_killed_run_exit_too():
    script = ("from tasks.nlp.pool import ExtractionPool; import time; pool = ExtractionPool.start(2); "
              "print(*pool.pids(), flush=True); time.sleep(120)")
    run = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True,
                           cwd=REPO_ROOT)
    try:
        pids = [int(pid) for pid in run.stdout.readline().split()]
        assert len(pids) == 2 and all(psutil.pid_exists(pid) for pid in pids)
        run.send_signal(signal.SIGKILL)
        run.wait(10)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and any(_alive(pid) for pid in pids):
            time.sleep(0.5)
        assert not any(_alive(pid) for pid in pids)
    finally:
        run.kill()


def _alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _rows_without(staging: Staging, article_id: str) -> dict[str, list[tuple]]:
    """Staged rows of every extracted table of articles (not the quarantine), less one article's."""
    kept = {}
    for table in EXTRACTED_TABLES:
        files = staging.files(table)
        frame = pl.concat([pl.read_parquet(f) for f in files]) if files else pl.DataFrame()
        if table != "quarantine" and "article_id" in frame.columns:
            kept[table] = sorted(frame.filter(pl.col("article_id") != article_id).rows())
    return kept


def test_an_article_that_kills_its_worker_is_quarantined_and_the_rest_extracted(tmp_path, monkeypatch):
    single, batches_single = staged_run(tmp_path / "single", batch_size=3)
    pooled, batches = staged_run(tmp_path / "pooled", batch_size=3)
    poison = pl.read_parquet(batches[1]).row(1, named=True)
    # A piece of its text no other article has: the worker that meets it dies (SIGKILL).
    marker = poison["text"][:60]
    others = pl.concat([pl.read_parquet(b) for b in batches]).filter(pl.col("article_id") != poison["article_id"])
    assert not others["text"].str.contains(marker, literal=True).any()
    monkeypatch.setenv(pool_module.KILL_WORKER_ENV, marker)

    with ExtractionPool.start(2) as pool:
        results = dict(extract_batches(batches, str(pooled.root), EXTRACTOR_VERSION, pool))
        deaths = pool.deaths

    # Twice whole, then once per half down to the lone article: bounded, and every batch done.
    assert WORKER_DEATHS_PER_BATCH <= deaths <= WORKER_DEATHS_PER_BATCH + 2
    assert set(results) == set(batches)
    assert sum(r.articles for r in results.values()) == others.height
    quarantine = pl.concat([pl.read_parquet(f) for f in pooled.files("quarantine")])
    died = quarantine.filter(pl.col("reason").str.contains("killed its worker"))
    assert died.select("article_id", "source_path", "stage").rows() == [
        (poison["article_id"], poison["source_path"], "extract")]
    assert sum(r.quarantined for r in results.values()) == quarantine.height
    # Every other article's rows are exactly those of an extraction where nothing died.
    dict(extract_batches(batches_single, str(single.root), EXTRACTOR_VERSION, pool=None))
    assert _rows_without(pooled, poison["article_id"]) == _rows_without(single, poison["article_id"])
    assert _rows_without(pooled, poison["article_id"])["mentions_history"]
    # Entities are per batch, not per article: the halves' entities are some of the whole's.
    entities = {table: set(staged_rows(s)["entities_history"]) for table, s in (("pooled", pooled), ("single", single))}
    assert entities["pooled"] and entities["pooled"] <= entities["single"]
    assert not list((pooled.root / "running").iterdir())


def test_a_worker_killed_from_outside_costs_nothing(tmp_path):
    single, batches_single = staged_run(tmp_path / "single", batch_size=2)
    pooled, batches = staged_run(tmp_path / "pooled", batch_size=2)
    with ExtractionPool.start(2) as pool:
        results = {}
        for path, result in extract_batches(batches, str(pooled.root), EXTRACTOR_VERSION, pool):
            if not results:  # as the out-of-memory killer would, mid-extraction
                os.kill(pool.pids()[0], signal.SIGKILL)
            results[path] = result
        assert pool.deaths + pool._idle_deaths >= 1
    dict(extract_batches(batches_single, str(single.root), EXTRACTOR_VERSION, pool=None))
    assert set(results) == set(batches)
    assert staged_rows(pooled) == staged_rows(single)


def test_a_worker_killed_while_the_pool_waits_for_work_costs_nothing(tmp_path):
    single, batches_single = staged_run(tmp_path / "single", batch_size=4)
    pooled, batches = staged_run(tmp_path / "pooled", batch_size=4)
    with ExtractionPool.start(2) as pool:
        idle = pool.pids()[0]
        os.kill(idle, signal.SIGKILL)  # before any batch: the executor is broken when work comes
        deadline = time.monotonic() + 10
        while _alive(idle) and time.monotonic() < deadline:
            time.sleep(0.1)
        results = dict(extract_batches(batches, str(pooled.root), EXTRACTOR_VERSION, pool))
        assert pool._idle_deaths == 1 and pool.deaths == 0
    dict(extract_batches(batches_single, str(single.root), EXTRACTOR_VERSION, pool=None))
    assert set(results) == set(batches)
    assert staged_rows(pooled) == staged_rows(single)


def test_a_worker_leaves_its_loaded_models_out_of_garbage_collection(models):
    import gc

    rates = models.events.triggers.rates          # the largest structure the models hold
    assert any(o is rates for o in gc.get_objects())
    thresholds = gc.get_threshold()
    try:
        pool_module.freeze_loaded()
        assert gc.get_freeze_count() > 50_000
        assert not any(o is rates for o in gc.get_objects())     # no collection walks it any more
        # and what it makes later is collected in fewer passes
        assert gc.get_threshold() == (pool_module.YOUNG_GC_THRESHOLD, *thresholds[1:])
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)
