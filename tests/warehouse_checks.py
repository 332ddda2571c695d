"""Checks on a whole warehouse shared by the robustness and security tests."""
from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from flows.cli import main
from tests.conftest import REPO_ROOT, SEED_ARTICLE  # noqa: F401  (re-exported to the robustness and security tests)

HISTORY_TABLES = ["articles_history", "extractions", "entities_history", "mentions_history",
                  "events_history", "event_arguments_history"]
CURRENT_VIEWS = ["articles", "mentions", "entities", "events", "event_arguments"]
LEDGER_STATUSES = ["loaded", "unchanged", "quarantined", "skipped"]


def rows(db: str | Path, sql: str, params: dict | list | None = None) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or {}).fetchall()
    finally:
        con.close()


def table_contents(db: str | Path, names: list[str], drop: tuple[str, ...] = ()) -> dict[str, list[tuple]]:
    """Full contents of tables or views, rows sorted, without the columns in `drop`."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        for name in names:
            relation = con.table(name)
            keep = [i for i, column in enumerate(relation.columns) if column not in drop]
            out[name] = sorted((tuple(row[i] for i in keep) for row in relation.fetchall()), key=repr)
        return out
    finally:
        con.close()


def all_tables(db: str | Path) -> list[str]:
    return [name for (name,) in rows(db, """
        SELECT table_name FROM information_schema.tables
        WHERE table_type = 'BASE TABLE' ORDER BY table_name""")]


def history_counts(db: str | Path) -> dict[str, int]:
    return {name: len(found) for name, found in table_contents(db, HISTORY_TABLES).items()}


def assert_ledger_balances(db: str | Path, run_id: int) -> dict[str, int]:
    """files seen = loaded + unchanged + quarantined + skipped, in the runs row and the ledger."""
    (seen, *by_status), = rows(db, """
        SELECT files_seen, files_loaded, files_unchanged, files_quarantined, files_skipped
        FROM runs WHERE run_id = $r""", {"r": run_id})
    counts = dict(zip(LEDGER_STATUSES, by_status))
    assert seen == sum(by_status), counts
    ledger = dict(rows(db, "SELECT status, count(*) FROM ingest_files WHERE run_id = $r GROUP BY status",
                       {"r": run_id}))
    assert set(ledger) <= set(LEDGER_STATUSES), ledger
    assert {status: ledger.get(status, 0) for status in LEDGER_STATUSES} == counts
    paths = rows(db, "SELECT count(*), count(DISTINCT path) FROM ingest_files WHERE run_id = $r", {"r": run_id})
    assert paths == [(seen, seen)], "each file seen has exactly one ledger row"
    return counts


def seed_paragraphs(min_chars: int = 150) -> list[str]:
    """Paragraphs of the seed article with at least `min_chars` characters, in order."""
    return [p.strip() for p in SEED_ARTICLE.read_text(encoding="utf-8").split("\n\n") if len(p) >= min_chars]


def write_articles(directory: Path, count: int = 3) -> list[Path]:
    """`count` small real articles: paragraphs of the seed article, one .txt file each."""
    directory.mkdir(parents=True, exist_ok=True)
    paragraphs = seed_paragraphs()
    assert len(paragraphs) >= count
    paths = []
    for number, paragraph in enumerate(paragraphs[:count]):
        path = directory / f"article_{number}.txt"
        path.write_text(paragraph.strip() + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def prefect_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """Environment for a `khronika` subprocess that uses this session's Prefect test server."""
    from prefect.settings import get_current_settings

    env = dict(os.environ, PREFECT_HOME=str(tmp_path / "prefect-home"), **extra)
    url = get_current_settings().api.url
    if url:
        env["PREFECT_API_URL"] = url
    return env


def start_khronika(args: list[str], tmp_path: Path, name: str, **env: str) -> subprocess.Popen:
    """`python -m flows.cli ARGS` in the background; its output goes to tmp_path/name.{out,err}."""
    out = open(tmp_path / f"{name}.out", "w")
    err = open(tmp_path / f"{name}.err", "w")
    return subprocess.Popen([sys.executable, "-m", "flows.cli", *args], cwd=REPO_ROOT,
                            stdout=out, stderr=err, env=prefect_env(tmp_path, **env))


def wait_for_output(process: subprocess.Popen, path: Path, text: str, timeout: float = 240) -> None:
    """Wait until `text` appears in the file a process writes; fail if it ends first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and text in path.read_text(errors="replace"):
            return
        if process.poll() is not None:
            raise AssertionError(f"process ended ({process.returncode}) before {text!r}:\n"
                                 + path.read_text(errors="replace")[-3000:])
        time.sleep(0.2)
    raise AssertionError(f"no {text!r} in {path} after {timeout} s")


def khronika(*args: str) -> tuple[int, str, str]:
    """The CLI in this process: exit code, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def lock_is_free(db: Path) -> bool:
    """Whether a run could take the warehouse's writer lock now (taken and given back)."""
    from tasks.warehouse.connect import WarehouseBusy
    from tasks.warehouse.lock import writer_lock

    try:
        with writer_lock(db):
            return True
    except WarehouseBusy:
        return False


def _load_steps_since() -> dict[int, list[tuple[object, str, object]]]:
    """What each migration added to the load: (module, attribute, what the code before it did)."""
    from tasks.warehouse import aggregates, event_facts, load
    from tasks.warehouse.sql import sql_file

    def without(*columns: str):
        """The load of the code before the migrations that added these staged columns."""
        def load_sql(*parts: str) -> str:
            text = sql_file(*parts)
            staged = {("load", "events_history.sql"): ("confidence",),
                      ("load", "event_arguments_history.sql"): ("confidence", "side", "nominative")}.get(parts, ())
            dropped = [c for c in columns if c in staged]
            if dropped:
                text = text.replace("SELECT *,", f"SELECT * EXCLUDE ({', '.join(dropped)}),")
            return text
        return load_sql

    return {
        5: [(load, "resolve_people", lambda con, run_id: (0, 0)),
            (load, "inflected_names", lambda con, run_id: 0),
            (load, "settle_candidates", lambda con, run_id: 0),
            (load, "abbreviations", lambda con, run_id: 0)],
        7: [(load, "link_places", lambda con, run_id: (0, 0)),
            (load, "record_aliases", lambda con, run_id: None)],
        8: [(load, "close_ranges", lambda con, run_id, staged: 0),
            (load, "run_audits", lambda con, run_id: {}),   # its audits read 008
            (aggregates, "before_load", lambda con, staged: None),
            (aggregates, "after_load", lambda con, run_id: None)],
        9: [(event_facts, "refresh", lambda con, run_id: None)],
        11: [(aggregates, "HISTORY", [])],   # the aggregates kept no history
        12: [(event_facts, "refresh_pairs_and_clusters", lambda con, run_id: None)],
        # code_before patches the earliest last, so each leaves out its own column and those of
        # the migrations after it
        13: [(load, "sql_file", without("confidence", "side", "nominative"))],   # the events before 013
        14: [(load, "sql_file", without("side", "nominative"))],                 # the arguments before 014
        17: [(load, "sql_file", without("nominative"))],                         # the arguments before 017
    }


def has_column(con, table: str, column: str) -> bool:
    """Whether the warehouse's table has the column (a migration's added one)."""
    return con.execute("SELECT count(*) FROM duckdb_columns() WHERE table_name = ? AND column_name = ?",
                       [table, column]).fetchone()[0] == 1


def code_before(patch, version: int) -> None:
    """Make the product write a warehouse as the code before migration `version` did: only the
    migrations before it, no dictionary comments (their columns may be later), and none of the
    load steps later migrations brought. `patch` is a pytest MonkeyPatch (context)."""
    from tasks.warehouse import migrate

    previous, prefix = migrate.sql_names, f"{version:03d}"
    patch.setattr(migrate, "sql_names",
                  lambda folder, pattern="*.sql": [n for n in previous(folder, pattern) if n < prefix])
    patch.setattr(migrate, "apply_comments", lambda con: None)
    for since, steps in sorted(_load_steps_since().items(), reverse=True):  # the earliest patch wins
        if since >= version:
            for module, name, before in steps:
                patch.setattr(module, name, before)
