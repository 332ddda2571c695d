"""A damaged warehouse: found before a run writes into it, reported by `khronika doctor`, and put
back from the copy of the last good run. On a truncated copy of a warehouse the real flow built."""
from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import duckdb
import pytest

from flows.cli.exit_codes import EXIT_DAMAGED
from flows.etl import etl
from tasks.warehouse import doctor
from tasks.warehouse.doctor import backup_path, check
from tests.conftest import SEEDS
from tests.warehouse_checks import khronika

pytestmark = pytest.mark.server  # builds warehouses with the real flow


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _cut(path: Path, keep: float = 0.9) -> Path:
    with open(path, "r+b") as handle:
        handle.truncate(int(path.stat().st_size * keep) // 4096 * 4096)
    return path


def _opens_and_counts(path: Path) -> bool:
    try:
        with duckdb.connect(str(path), read_only=True) as con:
            con.execute("SELECT count(*) FROM articles_history").fetchone()
        return True
    except duckdb.Error:
        return False


def _truncated_copy(db: Path, target: Path) -> Path:
    """A copy of `db` (with its backup) cut on a 4 KiB boundary to the shortest of 90-98 % of its
    length that still opens and counts (the damage the issue saw). Where DuckDB keeps its catalog
    decides whether a cut file opens at all: the seed warehouse's last checkpoint leaves it in the
    last block, so the copy first gets a scratch table and two checkpoints, which move it; where
    they move it depends on the schema, so the cut is searched for."""
    moved = target.with_name(f"moved-{target.name}")
    shutil.copyfile(db, moved)
    con = duckdb.connect(str(moved))
    try:
        con.execute("CREATE TABLE scratch_rows AS SELECT range AS n FROM range(3000000)")
        con.execute("CHECKPOINT")
    finally:
        con.close()
    con = duckdb.connect(str(moved))
    try:
        con.execute("CHECKPOINT")
    finally:
        con.close()
    shutil.copyfile(backup_path(db), backup_path(target))
    for keep in (0.9, 0.92, 0.94, 0.96, 0.98):
        shutil.copyfile(moved, target)
        if _opens_and_counts(_cut(target, keep)):
            moved.unlink()
            return target
    raise AssertionError(f"no cut of {target} to 90-98 % still opens")


def test_a_committed_run_keeps_a_checked_copy(seed_run):
    db = seed_run["db"]
    backup = check(backup_path(db), full=True)
    assert backup.ok and backup.last_run == seed_run["summary"]["run_id"]
    assert backup.tables == check(db, full=True).tables  # the same rows, table by table
    assert backup.tables["articles_history"] == seed_run["summary"]["articles_new"] > 0


def test_the_quick_check_finds_truncation_that_count_does_not(seed_warehouse, tmp_path):
    damaged = _truncated_copy(seed_warehouse, tmp_path / "khronika.duckdb")
    con = duckdb.connect(str(damaged), read_only=True)  # what the issue saw: it opens and counts
    try:
        assert con.execute("SELECT count(*) FROM articles_history").fetchone()[0] > 0
    finally:
        con.close()
    health = check(damaged)
    assert not health.ok and health.problems[0].startswith("truncated:")
    assert check(seed_warehouse).ok
    # The seed file cut as it is (here its catalog is in the last block, so it does not open):
    # damaged too, and said so, whether or not it opens.
    cut = _cut(Path(shutil.copyfile(seed_warehouse, tmp_path / "cut.duckdb")), keep=0.5)
    health = check(cut)
    assert not health.ok and health.problems[0].split(":")[0] in {"cannot be opened", "truncated"}


def test_a_run_refuses_a_damaged_warehouse_and_doctor_restores_it(seed_warehouse, tmp_path):
    damaged = _truncated_copy(seed_warehouse, tmp_path / "khronika.duckdb")
    before = _digest(damaged)

    code, out, err = khronika("run", str(SEEDS), "--db", str(damaged))
    assert code == EXIT_DAMAGED
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "is damaged (truncated" in lines[0] and "khronika doctor" in lines[0]
    # Never made worse: the same bytes, no WAL, no run row opened.
    assert _digest(damaged) == before and not Path(f"{damaged}.wal").exists()

    code, _, err = khronika("doctor", "--db", str(damaged))
    assert code == EXIT_DAMAGED and "truncated" in err and "--restore" in err

    code, out, err = khronika("doctor", "--db", str(damaged), "--restore")
    assert code == 0, err
    assert "restored" in out
    aside = list(tmp_path.glob("khronika.duckdb.damaged-*"))
    assert len(aside) == 1 and _digest(aside[0]) == before  # kept, not deleted
    restored = check(damaged, full=True)
    assert restored.ok and restored.tables == check(seed_warehouse, full=True).tables

    # The restored warehouse takes runs again: the same sources change nothing.
    summary = etl(sources=[str(SEEDS)], db=str(damaged))
    assert summary["articles_new"] == 0 and summary["articles_unchanged"] > 0
    assert khronika("doctor", "--db", str(damaged))[0] == 0


def test_doctor_without_a_backup_says_so(seed_warehouse, tmp_path):
    damaged = _truncated_copy(seed_warehouse, tmp_path / "khronika.duckdb")
    backup_path(damaged).unlink()
    code, _, err = khronika("doctor", "--db", str(damaged), "--restore")
    assert code == 1 and "no backup at" in err
    assert damaged.exists()  # nothing moved


def test_a_warehouse_over_the_size_limit_is_copied_only_when_asked(seed_warehouse, tmp_path, monkeypatch):
    db = tmp_path / "w.duckdb"
    shutil.copyfile(seed_warehouse, db)
    monkeypatch.setattr(doctor, "AUTO_BACKUP_MAX_BYTES", db.stat().st_size - 1)
    monkeypatch.delenv(doctor.BACKUP_ENV, raising=False)
    assert doctor.keep_backup(db) is None and not backup_path(db).exists()
    monkeypatch.setenv(doctor.BACKUP_ENV, "1")
    assert doctor.keep_backup(db).ok and check(backup_path(db), full=True).ok
