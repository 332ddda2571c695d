"""Out of space mid-run, with a real OS error: `khronika run` as a process whose file size limit
(RLIMIT_FSIZE) stops its writes, which then fail with EFBIG "File too large" exactly where a full
disk fails with ENOSPC. Before, the run said only "TransactionException: … Failed to commit:
Could not write file "….wal"" and left its staging folder beside the warehouse.

The limit is per file: N bytes is more than any staging Parquet file of these few articles, and
each case checks where its failure landed, so a DuckDB that writes differently fails the test
instead of passing it by accident."""
from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

import pytest

from flows.cli.exit_codes import EXIT_FAILED
from tests.conftest import REPO_ROOT, SAMPLE
from tests.warehouse_checks import all_tables, lock_is_free, prefect_env, rows, table_contents

pytestmark = pytest.mark.server  # the runs report to the session's Prefect server

# Writes past these sizes fail: below the write-ahead log of the run's opening (its migrations
# check and runs row), or above it but below that of the load of three articles (~130 kB).
LIMITS = {"open": 4_096, "load": 100_000}


def khronika_run(sources: Path, db: Path, tmp_path: Path, limit: int | None = None) -> subprocess.CompletedProcess:
    """`khronika run` as a process; with `limit`, no file it writes may grow past `limit` bytes.
    Output goes to pipes, which the limit does not cover."""
    def limit_file_size() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))  # Python ignores SIGXFSZ: EFBIG

    return subprocess.run([sys.executable, "-m", "flows.cli", "run", str(sources), "--db", str(db)],
                          cwd=REPO_ROOT, env=prefect_env(tmp_path), capture_output=True, text=True, check=False,
                          timeout=600, preexec_fn=limit_file_size if limit else None)


@pytest.mark.parametrize("stage", sorted(LIMITS))
def test_out_of_space_says_so_in_one_line_and_leaves_the_warehouse_as_it_was(tmp_path, stage):
    articles = sorted(SAMPLE.glob("*.txt"))
    assert len(articles) == 5
    sources, db = tmp_path / "in", tmp_path / "w.duckdb"
    sources.mkdir()
    for path in articles[:2]:
        (sources / path.name).write_bytes(path.read_bytes())
    first = khronika_run(sources, db, tmp_path)
    assert first.returncode == 0, first.stderr[-3000:]
    before = table_contents(db, all_tables(db))
    for path in articles[2:]:
        (sources / path.name).write_bytes(path.read_bytes())

    full = khronika_run(sources, db, tmp_path, limit=LIMITS[stage])

    last = full.stderr.strip().splitlines()[-1]
    assert full.returncode == EXIT_FAILED, full.stderr[-3000:]
    assert last == (f"khronika: run failed: no space left writing {db}.wal (File too large); nothing of this "
                    "run was committed and the warehouse is as after run 1; free space and run again")
    assert full.stdout == ""
    assert not (tmp_path / ".staging").exists(), "the failed run left its staging folder"
    assert lock_is_free(db)
    after = table_contents(db, all_tables(db))
    assert {name: table for name, table in after.items() if name != "runs"} == {
        name: table for name, table in before.items() if name != "runs"}
    if stage == "open":  # the runs row itself could not be written
        assert "begin_run" in full.stderr
        assert rows(db, "SELECT run_id, status FROM runs") == [(1, "committed")]
    else:  # extracted and staged, then the load's commit could not be written
        assert "extracted batch 1/1" in full.stderr and "in load_run" in full.stderr
        assert rows(db, "SELECT run_id, status, error FROM runs ORDER BY run_id") == [
            (1, "committed", None),
            (2, "failed", f"OutOfSpace: no space left writing {db}.wal (File too large)")]

    rerun = khronika_run(sources, db, tmp_path)
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    assert rows(db, "SELECT count(*) FROM articles") == [(5,)]
    assert rows(db, "SELECT status FROM runs ORDER BY run_id DESC LIMIT 1") == [("committed",)]
    assert not (tmp_path / ".staging").exists()


def test_out_of_space_for_the_copy_after_a_commit_keeps_the_run_and_the_old_copy(tmp_path):
    """A limit above the load's log but below the warehouse file: the run commits (in the log,
    as DuckDB cannot checkpoint into the file) and only the copy taken after it fails; that costs
    a warning, the half-written copy is deleted, and the copy of the run before stays."""
    articles = sorted(SAMPLE.glob("*.txt"))
    sources, db = tmp_path / "in", tmp_path / "w.duckdb"
    sources.mkdir()
    for path in articles[:2]:
        (sources / path.name).write_bytes(path.read_bytes())
    assert khronika_run(sources, db, tmp_path).returncode == 0
    backup = Path(f"{db}.backup")
    kept = backup.read_bytes()
    limit = db.stat().st_size // 2
    for path in articles[2:]:
        (sources / path.name).write_bytes(path.read_bytes())

    done = khronika_run(sources, db, tmp_path, limit=limit)

    assert done.returncode == 0, done.stderr[-3000:]
    assert "Khronika run 2 committed" in done.stdout
    assert "could not keep a copy of the warehouse" in done.stderr and "File too large" in done.stderr
    assert sorted(path.name for path in tmp_path.glob("w.duckdb.backup*")) == ["w.duckdb.backup"]
    assert backup.read_bytes() == kept
    assert rows(db, "SELECT count(*) FROM articles") == [(5,)]
    assert not (tmp_path / ".staging").exists()
    assert lock_is_free(db)
