"""Hostile file names, read-only queries, SQL built only from files and bound parameters, and
paths that never leave the source roots."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from flows.cli import EXIT_FAILED
from flows.etl import etl
from tests.warehouse_checks import (
    REPO_ROOT,
    all_tables,
    assert_ledger_balances,
    history_counts,
    khronika,
    rows,
    write_articles,
)

HOSTILE_NAMES = [
    "x'; DROP TABLE runs; --.txt",
    'Robert"); DELETE FROM articles_history; --.txt',
    "$run_id ? %s {0}.txt",
]
SQL_CALLS = {"execute", "executemany", "sql", "query", "from_query"}
SQL_WORDS = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|ATTACH|COPY|PRAGMA)\b")



@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory) -> dict:
    """A run over files, a folder and a warehouse whose names are SQL injections."""
    tmp = tmp_path_factory.mktemp("hostile")
    sources = tmp / "in'; DROP TABLE ingest_files; --"
    articles = write_articles(sources, len(HOSTILE_NAMES))
    for article, name in zip(articles, HOSTILE_NAMES):
        article.rename(sources / name)
    db = tmp / "w'; DROP TABLE runs; --.duckdb"
    return {"sources": sources, "db": db, "summary": etl(sources=[str(sources)], db=str(db))}


@pytest.mark.server
def test_hostile_file_names_load_as_plain_data(hostile_run):
    db, sources, summary = hostile_run["db"], hostile_run["sources"], hostile_run["summary"]
    assert summary["files_loaded"] == summary["files_seen"] == len(HOSTILE_NAMES)
    expected = sorted(str(sources / name) for name in HOSTILE_NAMES)
    assert sorted(p for (p,) in rows(db, "SELECT path FROM ingest_files")) == expected
    assert sorted(p for (p,) in rows(db, "SELECT source_path FROM articles")) == expected
    assert_ledger_balances(db, summary["run_id"])


def test_hostile_names_leave_every_table_in_place(hostile_run, seed_warehouse):
    assert all_tables(hostile_run["db"]) == all_tables(seed_warehouse)
    assert rows(hostile_run["db"], "SELECT status FROM runs") == [("committed",)]


@pytest.mark.parametrize("statement", [
    "INSERT INTO runs (run_id, started_at, status) VALUES (999, now(), 'committed')",
    "DELETE FROM articles_history",
    "DROP TABLE runs",
    "UPDATE runs SET status = 'failed'",
    "CREATE TABLE evil AS SELECT 1",
])
@pytest.mark.server
def test_query_command_is_read_only(hostile_run, statement):
    db = hostile_run["db"]
    before = (rows(db, "SELECT * FROM runs"), history_counts(db), all_tables(db))
    code, out, err = khronika("query", statement, "--db", str(db))
    assert code == EXIT_FAILED and out == ""
    assert "query failed" in err and "read-only" in err
    assert (rows(db, "SELECT * FROM runs"), history_counts(db), all_tables(db)) == before


@pytest.mark.server
def test_query_command_touches_no_other_file(hostile_run, tmp_path):
    db, target = hostile_run["db"], tmp_path / "out.csv"
    for statement in [f"COPY (SELECT * FROM runs) TO '{target}'",
                      f"SELECT * FROM read_text('{REPO_ROOT / 'README.md'}')",
                      "SET enable_external_access = true"]:
        code, out, err = khronika("query", statement, "--db", str(db))
        assert code == EXIT_FAILED and out == "", statement
        assert "disabled by configuration" in err or "configuration has been locked" in err, err
    assert not target.exists()
    assert khronika("query", "SELECT count(*) AS n FROM articles", "--db", str(db))[:2] == (0, f"n\n-\n{len(HOSTILE_NAMES)}\n(1 row)\n")


def sql_building(source: str, filename: str = "<source>") -> list[str]:
    """Places where Python builds SQL text from values instead of binding parameters."""
    found = []

    def where(node: ast.AST) -> str:
        return f"{filename}:{node.lineno}"

    def literal_text(node: ast.AST) -> str:
        return " ".join(part.value for part in ast.walk(node)
                        if isinstance(part, ast.Constant) and isinstance(part.value, str))

    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.args:
            first = node.args[0]
            if node.func.attr in SQL_CALLS and (
                    isinstance(first, (ast.JoinedStr, ast.BinOp))
                    or (isinstance(first, ast.Call) and isinstance(first.func, ast.Attribute)
                        and first.func.attr == "format")):
                found.append(f"{where(node)}: SQL text built inside {node.func.attr}()")
            if node.func.attr == "format" and SQL_WORDS.search(literal_text(node.func)):
                found.append(f"{where(node)}: SQL built with str.format")
        elif isinstance(node, ast.JoinedStr) and any(isinstance(v, ast.FormattedValue) for v in node.values):
            if SQL_WORDS.search(literal_text(node)):
                found.append(f"{where(node)}: SQL in an f-string")
        elif isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
            if SQL_WORDS.search(literal_text(node)) and not all(
                    isinstance(side, ast.Constant) for side in (node.left, node.right)):
                found.append(f"{where(node)}: SQL built with {type(node.op).__name__.lower()}")
    return found


def test_sql_building_check_finds_each_form():
    bad = {
        'con.execute(f"SELECT * FROM t WHERE id = {x}")': "inside execute",
        'con.execute("DELETE FROM t WHERE id = " + x)': "inside execute",
        'con.sql("SELECT {} FROM t".format(col))': "inside sql",
        'q = f"INSERT INTO t VALUES ({v})"': "f-string",
        'q = "UPDATE t SET a = %s" % v': "mod",
        'q = "DROP TABLE " + name': "add",
        'q = "SELECT * FROM {}".format(name)': "str.format",
    }
    for source, kind in bad.items():
        found = sql_building(source)
        assert found and kind in found[0], (source, found)
    good = [
        'con.execute("SELECT * FROM t WHERE id = $id", {"id": x})',
        'con.execute(sql_file("queries", "begin_run.sql"), params)',
        'message = f"run {run_id} committed in {seconds} s"',
        'q = "SELECT 1 " + "FROM t"',
    ]
    assert [sql_building(source) for source in good] == [[]] * len(good)


def test_product_code_builds_no_sql_from_values():
    found = []
    for folder in ("tasks", "flows"):
        for path in sorted((REPO_ROOT / folder).rglob("*.py")):
            found += sql_building(path.read_text(encoding="utf-8"), str(path.relative_to(REPO_ROOT)))
    assert found == []


@pytest.mark.server
def test_nothing_outside_the_source_root_is_read(tmp_path):
    root, outside = tmp_path / "inbox", tmp_path / "private"
    write_articles(root, 1)
    secret_dir = outside / "folder"
    (secret,) = write_articles(secret_dir, 1)
    (root / "to_file.txt").symlink_to(secret)
    (root / "to_folder").symlink_to(secret_dir, target_is_directory=True)
    (root / "up").symlink_to("..", target_is_directory=True)
    db = tmp_path / "w.duckdb"
    summary = etl(sources=[str(root)], db=str(db))

    ledger = {Path(path).name: (status, reason) for path, status, reason in rows(
        db, "SELECT path, status, reason FROM ingest_files WHERE run_id = $r", {"r": summary["run_id"]})}
    for link in ("to_file.txt", "to_folder", "up"):
        assert ledger[link] == ("skipped", "symlink points outside the source root")
    assert ledger["article_0.txt"][0] == "loaded"
    assert_ledger_balances(db, summary["run_id"])
    # Every path recorded lies under the root, and the outside text was never read.
    root_prefix = str(root) + "/"
    assert rows(db, "SELECT count(*) FROM ingest_files WHERE NOT starts_with(path, $p)", {"p": root_prefix}) == [(0,)]
    assert rows(db, "SELECT count(*) FROM articles WHERE NOT starts_with(source_path, $p)", {"p": root_prefix}) == [(0,)]
    assert rows(db, "SELECT count(*) FROM articles") == [(1,)]
