"""`khronika reports`, `khronika report` and `khronika dashboard` through the real CLI parser."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from flows.cli import main
from tasks.reporting import library as reports
from tests.fixture_warehouse import build_fixture_warehouse


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    return build_fixture_warehouse(tmp_path_factory.mktemp("cli") / "fixture.duckdb")


def test_reports_lists_every_report_with_params_and_defaults(capsys):
    assert main(["reports"]) == 0
    out = capsys.readouterr().out
    for report in reports.list_reports():
        assert f"{report.name}\n    {report.purpose}" in out
    assert "--param type=<PER|LOC|ORG|ALL>  entity type (default ALL)" in out


def test_report_prints_a_table_and_exports_json(warehouse, tmp_path, capsys):
    assert main(["report", "who_met_whom", "--db", str(warehouse),
                 "--param", "date_from=2025-10-01"]) == 0
    out = capsys.readouterr().out
    assert "Владимир Путин" in out and "Ильхам Алиев" in out and "(1 row)" in out

    target = tmp_path / "top.json"
    assert main(["report", "top_entities", "--db", str(warehouse), "-p", "type=LOC",
                 "-p", "limit=2", "--format", "json", "--out", str(target)]) == 0
    assert [r["name"] for r in json.loads(target.read_text(encoding="utf-8"))] == ["Баку", "Россия"]


def test_report_as_of_run(warehouse, capsys):
    assert main(["report", "warehouse_summary", "--db", str(warehouse), "--format", "csv",
                 "--as-of-run", "1"]) == 0
    captured = capsys.readouterr()
    header, values = captured.out.splitlines()[:2]
    assert dict(zip(header.split(","), values.split(",")))["articles"] == "1"
    assert captured.err == ""
    # Run 3 failed: its state is the one run 2 committed.
    assert main(["report", "warehouse_summary", "--db", str(warehouse), "--as-of-run", "3"]) == 0
    assert "run 3 is not a committed run: answering as of run 2" in capsys.readouterr().err
    assert main(["report", "warehouse_summary", "--db", str(warehouse), "--as-of-run", "0"]) == 0
    assert "answering from the empty warehouse" in capsys.readouterr().err


@pytest.mark.parametrize("argv, message", [
    (["report", "top_entities", "--param", "limit"], "--param expects K=V"),
    (["report", "top_entities", "--param", "limit=ten"], "non-negative integer"),
    (["report", "top_entities", "--param", "colour=red"], "no param 'colour'"),
    (["report", "../../etc/passwd"], "unknown report"),
    (["report", "top_entities", "--format", "parquet"], "needs --out"),
])
def test_report_errors_are_clear_and_exit_2(warehouse, capsys, argv, message):
    assert main(argv + ["--db", str(warehouse)]) == 2
    assert message in capsys.readouterr().err


def test_report_on_a_missing_warehouse(tmp_path, capsys):
    assert main(["report", "run_history", "--db", str(tmp_path / "none.duckdb")]) == 2
    assert "no warehouse at" in capsys.readouterr().err
    assert not (tmp_path / "none.duckdb").exists()


def test_dashboard_command_writes_next_to_the_warehouse(warehouse, capsys):
    assert main(["dashboard", "--db", str(warehouse)]) == 0
    page = warehouse.with_name("fixture.dashboard.html")
    assert str(page) in capsys.readouterr().out
    assert "Владимир Путин" in page.read_text(encoding="utf-8")


def _one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


@pytest.mark.parametrize("target", ["folder", "a-file/top.csv", "/sys/khronika-top.csv"])
def test_report_out_to_a_target_that_cannot_be_written_is_one_line(warehouse, tmp_path, capsys, target):
    (tmp_path / "a-file").write_text("a file, not a folder")
    out = tmp_path if target == "folder" else Path(target) if target.startswith("/") else tmp_path / target
    code = main(["report", "top_entities", "--format", "csv", "--out", str(out), "--db", str(warehouse)])
    assert code == 2
    line = _one_line(capsys.readouterr().err)
    assert line.startswith("error: ") and str(out.name) in line


def test_dashboard_where_the_file_system_refuses_writes_is_one_line(warehouse, capsys):
    # /sys refuses new files even to root, as a read-only file system does.
    code = main(["dashboard", "--db", str(warehouse), "--out", "/sys/khronika.dashboard.html"])
    assert code == 2
    line = _one_line(capsys.readouterr().err)
    assert line.startswith("error: cannot write the dashboard") and "/sys/khronika.dashboard.html" in line
    assert not Path("/sys/khronika.dashboard.html").exists()
