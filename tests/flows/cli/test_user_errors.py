"""A user error is one clear line and a documented exit code, found before Prefect or Natasha load."""
from __future__ import annotations

import subprocess
import sys

import pytest

from flows.cli import main
from flows.cli.exit_codes import EXIT_BUSY, EXIT_USAGE
from tasks.warehouse.lock import writer_lock
from tests.conftest import REPO_ROOT, SEEDS

# Runs `khronika ARGS` in a fresh interpreter; prints the exit code and whether the heavy
# libraries were loaded, so the test sees what the command cost.
PROBE = ("import sys; from flows.cli import main; code = main(sys.argv[1:]); "
         "print(code, 'prefect' in sys.modules, 'natasha' in sys.modules)")


HOLD = "import duckdb, sys, time; con = duckdb.connect(sys.argv[1]); print('open', flush=True); time.sleep(60)"


def khronika_probe(*args: str, cwd=REPO_ROOT) -> tuple[list[str], str]:
    done = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=cwd, capture_output=True, text=True,
                          timeout=60)
    return done.stdout.split(), done.stderr


@pytest.mark.parametrize("args, message", [
    (["run", "/no/such/path"], "sources: none found"),
    (["run", str(SEEDS), "--batch-size", "0"], "batch_size: input should be greater than or equal to 1"),
    (["run", str(SEEDS), "--db", "/proc/no/such/dir/w.duckdb"], "db: cannot create the folder"),
])
def test_a_bad_run_is_refused_in_one_line_before_prefect_loads(args, message, tmp_path):
    args = [*args, "--db", str(tmp_path / "w.duckdb")] if "--db" not in args else args
    (code, prefect_loaded, natasha_loaded), err = khronika_probe(*args)
    assert code == str(EXIT_USAGE) and message in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert prefect_loaded == natasha_loaded == "False"


def test_a_reprocess_that_names_no_articles_says_which_flags_do(tmp_path):
    (code, prefect_loaded, natasha_loaded), err = khronika_probe("reprocess", "--db", str(tmp_path / "w.duckdb"))
    assert code == str(EXIT_USAGE) and "--article-id" in err and "--all" in err and "all_articles" not in err
    assert len(err.strip().splitlines()) == 1 and prefect_loaded == natasha_loaded == "False"


def test_a_busy_warehouse_is_refused_at_once(tmp_path):
    db = tmp_path / "w.duckdb"
    with writer_lock(db):
        (code, prefect_loaded, _), err = khronika_probe("run", str(SEEDS), "--db", str(db))
    assert code == str(EXIT_BUSY) and "another Khronika run is writing" in err and prefect_loaded == "False"


def test_the_default_warehouse_is_the_same_from_any_folder(tmp_path, monkeypatch):
    probe = "from tasks.settings import DEFAULT_DB; print(DEFAULT_DB)"
    monkeypatch.delenv("KHRONIKA_DB", raising=False)
    monkeypatch.delenv("KHRONIKA_HOME", raising=False)
    here = subprocess.run([sys.executable, "-c", probe], cwd=REPO_ROOT, capture_output=True, text=True).stdout
    env = {"PYTHONPATH": str(REPO_ROOT)}
    elsewhere = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True,
                               env={**__import__("os").environ, **env}).stdout
    assert here == elsewhere == f"{REPO_ROOT / 'data' / 'khronika.duckdb'}\n"
    home = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True,
                          env={**__import__("os").environ, **env, "KHRONIKA_HOME": str(tmp_path / "kh")}).stdout
    assert home == f"{tmp_path / 'kh' / 'khronika.duckdb'}\n"


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0 and capsys.readouterr().out.startswith("khronika ")


@pytest.fixture
def warehouse(tmp_path):
    from tests.fixture_warehouse import build_fixture_warehouse

    return build_fixture_warehouse(tmp_path / "fixture.duckdb")


def test_query_writes_every_format(warehouse, tmp_path, capsys):
    sql = "SELECT name, mention_count FROM entities ORDER BY mention_count DESC, name"
    assert main(["query", sql, "--db", str(warehouse), "--format", "csv", "--out", str(tmp_path / "e.csv")]) == 0
    assert (tmp_path / "e.csv").read_text(encoding="utf-8").startswith("name,mention_count\nВладимир Путин,")
    assert main(["query", sql, "--db", str(warehouse), "--format", "json"]) == 0
    assert '"name": "Владимир Путин"' in capsys.readouterr().out
    assert main(["query", sql, "--db", str(warehouse), "--format", "parquet"]) == EXIT_USAGE
    assert "needs --out" in capsys.readouterr().err


def test_query_and_report_say_busy_and_can_wait(warehouse, capsys):
    # What a run's load does: another process holds the file for writing.
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(warehouse)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        assert main(["query", "SELECT 1", "--db", str(warehouse)]) == EXIT_BUSY
        assert "a run is loading" in capsys.readouterr().err
        assert main(["report", "top_entities", "--db", str(warehouse), "--wait", "1"]) == EXIT_BUSY
        assert "a run is loading" in capsys.readouterr().err
    finally:
        holder.kill()
        holder.wait()
    assert main(["report", "top_entities", "--db", str(warehouse), "--wait", "1"]) == 0


def test_as_of_a_run_that_does_not_exist_is_an_error(warehouse, capsys):
    assert main(["report", "top_entities", "--db", str(warehouse), "--as-of-run", "99"]) == EXIT_USAGE
    assert "as-of run 99 does not exist: the last run is 3" in capsys.readouterr().err


def test_two_source_folders_of_one_name_are_refused(tmp_path):
    # Article ids hold the source folder's name: a/news and b/news in one run could share ids.
    for parent in ("a", "b"):
        (tmp_path / parent / "news").mkdir(parents=True)
        (tmp_path / parent / "news" / "2025-10-01.txt").write_text("Путин прибыл в Минск.", encoding="utf-8")
    (code, prefect_loaded, _), err = khronika_probe(
        "run", str(tmp_path / "a" / "news"), str(tmp_path / "b" / "news"), "--db", str(tmp_path / "w.duckdb"))
    assert code == str(EXIT_USAGE) and "2 different folders are named 'news'" in err
    assert len(err.strip().splitlines()) == 1 and prefect_loaded == "False"
