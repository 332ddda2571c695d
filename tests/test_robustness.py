"""A run killed mid-load, concurrent runs and readers, reruns: nothing lost, nothing corrupted.

Runs that must be killed or probed at a known point are real `khronika run` processes held there
by KHRONIKA_TEST_PAUSE (tasks/settings.pause_point).
"""
from __future__ import annotations

import contextlib
import fcntl
import io
import signal
import threading
import time
from pathlib import Path

import pytest

from flows.cli import EXIT_BUSY, main
from flows.etl import etl
from tasks import warehouse
from tests.warehouse_checks import (
    CURRENT_VIEWS, HISTORY_TABLES, all_tables, assert_ledger_balances, history_counts, rows,
    start_khronika, table_contents, wait_for_output, write_articles,
)

PAUSE_SECONDS = "600"  # far longer than any test waits: the test ends the process itself


def khronika(*args: str) -> tuple[int, str, str]:
    """The CLI in this process: exit code, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def lock_is_free(db: Path) -> bool:
    with open(f"{db}.lock", "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(handle, fcntl.LOCK_UN)
        return True


@contextlib.contextmanager
def run_paused_at(stage: str, sources: Path, db: Path, tmp_path: Path):
    """A `khronika run` process held at `stage`; killed with SIGKILL when the block ends."""
    process = start_khronika(["run", str(sources), "--db", str(db)], tmp_path, f"paused-{stage}",
                             KHRONIKA_TEST_PAUSE=f"{stage}:{PAUSE_SECONDS}")
    try:
        wait_for_output(process, tmp_path / f"paused-{stage}.err", f"paused in {stage}")
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)


@pytest.fixture(scope="module")
def killed_in_load(tmp_path_factory) -> dict:
    """Run 1 commits three articles; run 2 adds two more and is SIGKILLed inside its load transaction.

    While run 2 is held in the load, a reader and a second run are tried; their results are kept.
    """
    tmp = tmp_path_factory.mktemp("crash")
    sources, db = tmp / "inbox", tmp / "w.duckdb"
    write_articles(sources, 3)
    first = etl(sources=[str(sources)], db=str(db))
    before = table_contents(db, all_tables(db))
    for number, path in enumerate(write_articles(tmp / "more", 5)[3:]):
        path.rename(sources / f"late_{number}.txt")
    with run_paused_at("load", sources, db, tmp) as process:
        probes = {
            "lock_free_while_loading": lock_is_free(db),
            "query": khronika("query", "SELECT count(*) FROM runs", "--db", str(db)),
            "second_run": khronika("run", str(sources), "--db", str(db)),
        }
        process.send_signal(signal.SIGKILL)
        assert process.wait(timeout=30) == -signal.SIGKILL
    return {"tmp": tmp, "sources": sources, "db": db, "first": first, "before": before,
            "killed_run_id": first["run_id"] + 1, "probes": probes}


def test_killed_load_leaves_the_previous_committed_state(killed_in_load):
    db, before = killed_in_load["db"], killed_in_load["before"]
    after = table_contents(db, all_tables(db))
    for table in before:
        if table != "runs":
            assert after[table] == before[table], f"{table} changed by a run that never committed"
    for table in HISTORY_TABLES:
        assert rows(db, f"SELECT count(*) FROM {table} WHERE run_id = $r",
                    {"r": killed_in_load["killed_run_id"]}) == [(0,)]
    # Its runs row was opened (committed alone) and never reached 'committed'.
    assert rows(db, "SELECT run_id, status FROM runs ORDER BY run_id") == [
        (killed_in_load["first"]["run_id"], "committed"), (killed_in_load["killed_run_id"], "running")]


def test_lock_dies_with_the_killed_process(killed_in_load):
    assert killed_in_load["probes"]["lock_free_while_loading"] is False
    assert lock_is_free(killed_in_load["db"])


def test_reader_during_the_load_is_told_to_retry(killed_in_load):
    code, out, err = killed_in_load["probes"]["query"]
    assert code == EXIT_BUSY and out == ""
    assert "a run is loading" in err and "retry in a moment" in err


def test_second_run_during_the_load_fails_fast_and_clearly(killed_in_load):
    code, out, err = killed_in_load["probes"]["second_run"]
    assert code == EXIT_BUSY and out == ""
    assert "another Khronika run is writing to" in err and "--wait" in err


def test_next_run_recovers_without_duplicates(killed_in_load, tmp_path):
    db, sources, killed = killed_in_load["db"], killed_in_load["sources"], killed_in_load["killed_run_id"]
    stale = db.parent / ".staging" / f"run-{killed}"
    assert stale.is_dir(), "a SIGKILLed run cannot clean up its staging files"

    recovered = etl(sources=[str(sources)], db=str(db))

    assert not stale.exists(), "the next run removes the staging files the killed run left"
    assert rows(db, "SELECT status, error FROM runs WHERE run_id = $r", {"r": killed}) == [
        ("failed", "interrupted: the process ended before the run committed")]
    assert recovered["articles_new"] == 2 and recovered["articles_unchanged"] == 3
    assert rows(db, """SELECT status FROM dq_checks
                       WHERE run_id = $r AND kind = 'audit' AND check_name = 'ids_unique'""",
                {"r": recovered["run_id"]}) == [("passed",)]
    assert_ledger_balances(db, recovered["run_id"])
    # Same versions and current contents as one clean run over the same files.
    clean_db = tmp_path / "clean.duckdb"
    etl(sources=[str(sources)], db=str(clean_db))
    assert history_counts(db) == history_counts(clean_db)
    drop = ("run_id", "first_run_id")
    assert table_contents(db, CURRENT_VIEWS, drop) == table_contents(clean_db, CURRENT_VIEWS, drop)


def test_readers_work_while_a_run_extracts(tmp_path):
    sources, db = tmp_path / "inbox", tmp_path / "w.duckdb"
    write_articles(sources, 2)
    first = etl(sources=[str(sources)], db=str(db))
    write_articles(tmp_path / "more", 3)[2].rename(sources / "late.txt")
    with run_paused_at("extract", sources, db, tmp_path):
        code, out, err = khronika("query", "SELECT run_id, status FROM runs ORDER BY run_id", "--db", str(db))
        assert (code, err) == (0, "")
        assert "committed" in out and "running" in out and "(2 rows)" in out
        # Readers see the committed state only: nothing of the running run yet.
        assert rows(db, "SELECT count(*) FROM articles") == [(2,)]
        code, _, err = khronika("run", str(sources), "--db", str(db))
        assert code == EXIT_BUSY and "another Khronika run is writing" in err
    assert_ledger_balances(db, first["run_id"])


def test_second_run_with_wait_runs_after_the_first_releases(tmp_path):
    sources, db = tmp_path / "inbox", tmp_path / "w.duckdb"
    write_articles(sources, 1)
    held, release = threading.Event(), threading.Event()

    def hold_lock():
        with warehouse.writer_lock(db):
            held.set()
            release.wait(timeout=60)

    holder = threading.Thread(target=hold_lock)
    holder.start()
    try:
        assert held.wait(timeout=10)
        assert khronika("run", str(sources), "--db", str(db))[0] == EXIT_BUSY
        threading.Timer(2.0, release.set).start()
        started = time.monotonic()
        code, out, err = khronika("run", str(sources), "--db", str(db), "--wait", "60")
        assert code == 0, err
        assert time.monotonic() - started >= 2.0
        assert "committed" in out and "loaded 1" in out
    finally:
        release.set()
        holder.join(timeout=10)


def test_three_reruns_change_nothing(tmp_path):
    sources, db = tmp_path / "inbox", tmp_path / "w.duckdb"
    write_articles(sources, 3)
    first = etl(sources=[str(sources)], db=str(db))
    assert first["articles_new"] == 3 and first["mentions"] > 0
    current = table_contents(db, CURRENT_VIEWS, drop=("run_id",))
    versions = history_counts(db)
    assert current["articles"] and current["mentions"] and current["entities"]
    for _ in range(3):
        rerun = etl(sources=[str(sources)], db=str(db))
        assert table_contents(db, CURRENT_VIEWS, drop=("run_id",)) == current
        assert history_counts(db) == versions
        assert (rerun["articles_new"], rerun["articles_changed"], rerun["articles_unchanged"]) == (0, 0, 3)
        assert_ledger_balances(db, rerun["run_id"])
    assert rows(db, """SELECT status, articles_new, files_unchanged, files_seen FROM runs
                       WHERE run_id > $r ORDER BY run_id""", {"r": first["run_id"]}) == [("committed", 0, 3, 3)] * 3
