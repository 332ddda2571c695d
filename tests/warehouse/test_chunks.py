"""A backlog larger than one run: a sequence of committed runs (chunks), each idempotent, and a
rerun after a kill resumes with what is not loaded yet. Real articles: seeds/ and the lenta sample."""
from __future__ import annotations

import os
import shutil
import signal
import time
from pathlib import Path

import pytest

from flows.etl import etl
from tests.conftest import SAMPLE, SEEDS
from tests.warehouse_checks import (
    assert_ledger_balances,
    history_counts,
    rows,
    start_khronika,
    table_contents,
)

pytestmark = pytest.mark.server  # runs flows
DROP = ("run_id", "first_run_id")


@pytest.fixture
def backlog(tmp_path) -> list[str]:
    """seeds/ and the lenta sample, copied: 16 articles in 12 files."""
    shutil.copytree(SEEDS, tmp_path / "seeds")
    shutil.copytree(SAMPLE, tmp_path / "lenta")
    return [str(tmp_path / "seeds"), str(tmp_path / "lenta")]


@pytest.fixture
def clean(backlog, tmp_path) -> Path:
    """The same sources in one unchunked run."""
    db = tmp_path / "clean.duckdb"
    etl(sources=backlog, db=str(db), chunk_articles=1_000_000)
    return db


def test_a_backlog_is_loaded_as_a_sequence_of_committed_runs(backlog, clean, tmp_path):
    db = tmp_path / "chunked.duckdb"
    summary = etl(sources=backlog, db=str(db), chunk_articles=4)

    runs = rows(db, "SELECT run_id, status, articles_new FROM runs ORDER BY run_id")
    total = rows(clean, "SELECT articles_new FROM runs")[0][0]
    assert [run_id for run_id, *_ in runs] == summary["runs"] and len(runs) >= 3
    assert all(status == "committed" for _, status, _ in runs)
    # Each chunk holds whole files: at least 4 new articles, except the last; all add up.
    assert all(new >= 4 for _, _, new in runs[:-1]) and sum(new for *_, new in runs) == total
    for run_id, *_ in runs:
        assert_ledger_balances(db, run_id)
    assert history_counts(db) == history_counts(clean)
    assert table_contents(db, ["articles"], DROP) == table_contents(clean, ["articles"], DROP)

    again = etl(sources=backlog, db=str(db), chunk_articles=4)  # idempotent: nothing left to do
    assert again["runs"] == [runs[-1][0] + 1] and again["articles_new"] == 0
    assert history_counts(db) == history_counts(clean)


def test_a_rerun_after_a_kill_resumes_with_what_is_not_loaded(backlog, clean, tmp_path):
    db = tmp_path / "killed.duckdb"
    process = start_khronika(["run", *backlog, "--db", str(db), "--chunk-articles", "4"], tmp_path, "chunks")
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and not rows_or_none(db, "committed"):
            assert process.poll() is None, (tmp_path / "chunks.err").read_text()
            time.sleep(0.2)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(10)
    finally:
        if process.poll() is None:
            process.kill()
    committed = rows(db, "SELECT count(*), sum(articles_new) FROM runs WHERE status = 'committed'")[0]
    assert committed[0] >= 1

    resumed = etl(sources=backlog, db=str(db), chunk_articles=4)
    total = rows(clean, "SELECT articles_new FROM runs")[0][0]
    new_after = rows(db, "SELECT sum(articles_new) FROM runs WHERE run_id >= $r", {"r": resumed["runs"][0]})[0][0]
    assert new_after == total - committed[1] < total  # resumed, not started over
    assert history_counts(db) == history_counts(clean)
    assert table_contents(db, ["articles"], DROP) == table_contents(clean, ["articles"], DROP)
    assert rows(db, "SELECT count(*) - count(DISTINCT article_id) FROM articles")[0][0] == 0


def rows_or_none(db: Path, status: str) -> list[tuple] | None:
    """Runs with `status`, or None while the file cannot be read (not made yet, or loading)."""
    import duckdb

    try:
        return rows(db, "SELECT run_id FROM runs WHERE status = $s", {"s": status})
    except duckdb.Error:
        return None


