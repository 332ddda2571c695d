"""`khronika report` writes table / CSV / JSON from DuckDB's rows: the same bytes polars wrote,
without importing polars."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tasks.reporting import library as reports
from tasks.reporting import render
from tests.conftest import REPO_ROOT
from tests.fixture_warehouse import build_fixture_warehouse


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    return build_fixture_warehouse(tmp_path_factory.mktemp("rows") / "fixture.duckdb")


@pytest.fixture()
def con(warehouse):
    con = duckdb.connect(str(warehouse), read_only=True)
    yield con
    con.close()


def both_ways(con, name: str, fmt: str, tmp_path: Path, params=None, as_of_run=None) -> tuple[str, str]:
    fetched = render.fetch(reports.report_relation(con, name, params, as_of_run), fmt)
    assert fetched.frame is None, f"{name} fell back to polars for {fetched.types}"
    render.write_fetched(fetched, fmt, tmp_path / f"rows.{fmt}")
    render.write_result(reports.run_report(con, name, params, as_of_run), fmt, tmp_path / f"polars.{fmt}")
    return ((tmp_path / f"rows.{fmt}").read_bytes().decode(),
            (tmp_path / f"polars.{fmt}").read_bytes().decode())


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
@pytest.mark.parametrize("name", [r.name for r in reports.list_reports()])
def test_every_report_writes_the_bytes_polars_wrote(con, tmp_path, name, fmt):
    mine, theirs = both_ways(con, name, fmt, tmp_path)
    assert mine == theirs
    # an older state too (run 1 of the fixture)
    mine, theirs = both_ways(con, name, fmt, tmp_path, as_of_run=1)
    assert mine == theirs


TRICKY = """
SELECT * FROM (VALUES
    (1.5::DOUBLE, 2.5::FLOAT, 'x,y', true, DATE '2025-01-02', TIMESTAMP '2025-01-02 03:04:05',
     12.50::DECIMAL(10,2), [1, 2], {'k': 'v'}, ['=cmd']),
    (1e-7, 0.3, '', false, NULL, TIMESTAMP '2025-01-02 03:04:05.5', NULL, [], NULL, NULL),
    (1.234e-5, 1e-7, 'a"b', NULL, NULL, NULL, -3.00, NULL, {'k': NULL}, ['a,b']),
    (1e16, 1/3, 'line' || chr(10) || 'break', NULL, NULL, NULL, NULL, NULL, NULL, NULL),
    (1e15, NULL, '=HYPERLINK("x")', NULL, NULL, NULL, NULL, NULL, NULL, NULL),
    (-1e-5, NULL, '-2', NULL, NULL, NULL, NULL, NULL, NULL, NULL),
    ('nan'::DOUBLE, 'inf'::FLOAT, ' lead', NULL, NULL, NULL, NULL, NULL, NULL, NULL),
    (-0.0, NULL, 'a' || chr(13) || 'b', NULL, NULL, NULL, NULL, NULL, NULL, NULL),
    (NULL, NULL, '@x', NULL, NULL, NULL, NULL, NULL, NULL, NULL)
) t(d, f, s, b, day, ts, dec, ints, st, strs)
"""


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_edge_values_are_written_as_polars_wrote_them(tmp_path, fmt):
    import polars as pl  # the reference

    con = duckdb.connect()
    relation = con.sql(TRICKY)
    assert render.plain_types([str(t) for t in relation.types])
    render.write_rows(relation.columns, [str(t) for t in relation.types], relation.fetchall(), fmt,
                      tmp_path / "rows")
    frame = con.sql(TRICKY).pl()
    assert isinstance(frame, pl.DataFrame)
    render.write_result(frame, fmt, tmp_path / "polars")
    assert (tmp_path / "rows").read_bytes() == (tmp_path / "polars").read_bytes()


def test_rare_types_go_through_polars(tmp_path):
    con = duckdb.connect()
    # HUGEINT becomes a polars Decimal (written as text in JSON): that path keeps it so.
    relation = con.sql("SELECT sum(x) AS total, INTERVAL 1 DAY AS gap FROM range(3) t(x)")
    assert not render.plain_types([str(t) for t in relation.types][:1])
    fetched = render.fetch(con.sql("SELECT sum(x) AS total FROM range(3) t(x)"), "json")
    assert fetched.frame is not None and fetched.height == 1
    render.write_fetched(fetched, "json", tmp_path / "t.json")
    assert (tmp_path / "t.json").read_text() == '[\n  {\n    "total": "3"\n  }\n]\n'


PROBE = ("import sys; from flows.cli import main; code = main(sys.argv[1:]); "
         "print(code, 'polars' in sys.modules, 'prefect' in sys.modules)")


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_khronika_report_does_not_import_polars(warehouse, tmp_path, fmt):
    for name in ("who_met_whom", "event_timeline", "run_diff", "top_entities"):
        done = subprocess.run(
            [sys.executable, "-c", PROBE, "report", name, "--db", str(warehouse), "--format", fmt,
             "--out", str(tmp_path / f"{name}.{fmt}")],
            check=False, cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)
        code, polars_loaded, prefect_loaded = done.stdout.split()
        assert (code, polars_loaded, prefect_loaded) == ("0", "False", "False"), done.stderr
        assert (tmp_path / f"{name}.{fmt}").stat().st_size > 0
    # parquet still goes through polars
    done = subprocess.run(
        [sys.executable, "-c", PROBE, "report", "who_met_whom", "--db", str(warehouse),
         "--format", "parquet", "--out", str(tmp_path / "p.parquet")],
        check=False, cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)
    assert done.stdout.split()[:2] == ["0", "True"]
