"""The DuckDB warehouse: migrations, the writer lock, runs, the one-transaction load, audits.

A run writes nothing to the warehouse until its load: extraction stages its rows as Parquet
files, and the load moves them in with the run's `runs` row in one transaction, then runs the
audits in sql/audits; any offending row rolls the whole run back.
"""
from __future__ import annotations

import fcntl
import functools
import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from tasks.settings import EVENT_TYPES_CSV, SQL_DIR, pause_point

# Order matters: articles before what refers to them.
STAGED_TABLES = [
    "ingest_files", "articles_history", "extractions", "entities_history", "mentions_history",
    "events_history", "event_arguments_history", "quarantine", "dq_warnings",
]


RUN_COUNTS = [
    "files_seen", "files_loaded", "files_unchanged", "files_quarantined", "files_skipped",
    "articles_new", "articles_changed", "articles_unchanged", "mentions", "events", "quarantined", "warnings",
]


class WarehouseBusy(RuntimeError):
    """Another process is writing to the warehouse."""


class AuditFailed(RuntimeError):
    def __init__(self, failures: dict[str, list[tuple]]):
        self.failures = failures
        summary = ", ".join(f"{name}: {len(rows)} row(s), e.g. {rows[0]}" for name, rows in failures.items())
        super().__init__(f"audits failed, run rolled back: {summary}")


@functools.cache  # statements run inside loops (one record_check per audit); files do not change
def sql_file(*parts: str) -> str:
    return (SQL_DIR.joinpath(*parts)).read_text(encoding="utf-8")


def is_lock_error(error: BaseException) -> bool:
    """DuckDB refused the file because another process holds it for writing."""
    return isinstance(error, duckdb.IOException) and "lock" in str(error).lower()


def connect(db_path: str | Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    db_path = Path(db_path)
    if read_only:
        if not db_path.exists():
            raise FileNotFoundError(f"no warehouse at {db_path}: run `khronika run` first")
        return duckdb.connect(str(db_path), read_only=True)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return duckdb.connect(str(db_path))
    except duckdb.IOException as error:
        if is_lock_error(error):
            raise WarehouseBusy(f"the warehouse {db_path} is open in another process: {error}") from error
        raise


def connect_for_query(db_path: str | Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection for user SQL that also cannot touch other files.

    read_only alone still lets COPY ... TO write files and ATTACH or read_csv read them; with
    external access off (and the setting locked) the SQL sees the warehouse and nothing else.
    """
    con = connect(db_path, read_only=True)
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")
    return con


def apply_migrations(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply sql/schema/NNN_*.sql files not yet recorded in schema_migrations, in order."""
    con.execute(sql_file("schema", "001_init.sql"))  # idempotent; creates schema_migrations
    applied = {row[0] for row in con.execute("SELECT version FROM schema_migrations").fetchall()}
    done = []
    for path in sorted((SQL_DIR / "schema").glob("[0-9][0-9][0-9]_*.sql")):
        version = int(path.name[:3])
        if version in applied:
            continue
        con.execute("BEGIN")
        con.execute(path.read_text(encoding="utf-8"))
        con.execute("INSERT INTO schema_migrations VALUES (?, ?, now()::TIMESTAMP)", [version, path.stem])
        done.append(path.stem)
        con.execute("COMMIT")
    return done


@contextmanager
def writer_lock(db_path: str | Path, wait_seconds: float = 0) -> Iterator[None]:
    """Hold the single-writer lock of a warehouse for a whole run.

    DuckDB allows one read-write process per file; the lock file lets a second run fail fast
    (or wait) with a clear message instead of failing mid-way, and leaves the database itself
    free for read-only queries while the run extracts.
    """
    lock_path = Path(f"{db_path}.lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(lock_path, "a+")
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            if time.monotonic() >= deadline:
                handle.seek(0)
                holder = handle.read().strip() or "unknown process"
                handle.close()
                raise WarehouseBusy(
                    f"another Khronika run is writing to {db_path} ({holder}); "
                    "wait for it to finish, or pass --wait SECONDS"
                ) from None
            time.sleep(0.5)
    try:
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()} since {time.strftime('%Y-%m-%d %H:%M:%S')}")
        handle.flush()
        yield
    finally:
        handle.truncate(0)
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


def begin_run(
    db_path: str | Path, *, flow_run_id: str | None, flow_name: str, code_version: str,
    extractor_version: str, model_versions: dict, parameters: dict,
) -> int:
    """Record a new run as running (committed on its own) and return its id."""
    con = connect(db_path)
    try:
        apply_migrations(con)
        con.execute(sql_file("queries", "abandon_stale_runs.sql"))
        return con.execute(sql_file("queries", "begin_run.sql"), {
            "flow_run_id": flow_run_id, "flow_name": flow_name, "code_version": code_version,
            "extractor_version": extractor_version,
            "model_versions": json.dumps(model_versions, ensure_ascii=False),
            "parameters": json.dumps(parameters, ensure_ascii=False, default=str),
        }).fetchone()[0]
    finally:
        con.close()


def fail_run(db_path: str | Path, run_id: int, error: str) -> None:
    con = connect(db_path)
    try:
        con.execute(sql_file("queries", "fail_run.sql"), {"run_id": run_id, "error": error[:4000]})
    finally:
        con.close()


@dataclass(frozen=True)
class WarehouseState:
    article_hashes: dict[str, str]     # article_id -> content_hash, current
    file_hashes: dict[str, str]        # path -> content_hash last read in full
    file_articles: dict[str, int]      # path -> articles that file held then


def read_state(db_path: str | Path) -> WarehouseState:
    # Read-only, so it can share the file with `khronika query` readers.
    con = connect(db_path, read_only=True)
    try:
        articles = dict(con.execute(sql_file("queries", "current_article_hashes.sql")).fetchall())
        files = con.execute(sql_file("queries", "known_files.sql")).fetchall()
        return WarehouseState(articles, {p: h for p, h, _ in files}, {p: n or 0 for p, _, n in files})
    finally:
        con.close()


def run_audits(con: duckdb.DuckDBPyConnection, run_id: int) -> dict[str, list[tuple]]:
    """Run every sql/audits query; return the ones that found offending rows."""
    failures = {}
    for path in sorted((SQL_DIR / "audits").glob("*.sql")):
        sql = path.read_text(encoding="utf-8")
        params = {"run_id": run_id} if "$run_id" in sql else {}
        rows = con.execute(sql, params).fetchmany(20)
        con.execute(sql_file("queries", "record_check.sql"), {
            "run_id": run_id, "check_name": path.stem, "kind": "audit", "table_name": None,
            "failures": len(rows), "status": "failed" if rows else "passed",
        })
        if rows:
            failures[path.stem] = rows
    return failures


def load_run(
    db_path: str | Path, run_id: int, staged: dict[str, list[str]], counts: dict[str, int],
    schema_checks: list[dict],
) -> int:
    """Move a run's staged Parquet files into the warehouse in one transaction.

    `staged` maps a table of STAGED_TABLES to its Parquet files; `counts` fills the runs row;
    `schema_checks` are the Pandera results to record. Returns the number of new entities.
    """
    con = connect(db_path)
    try:
        con.execute("BEGIN TRANSACTION")
        if EVENT_TYPES_CSV.exists():
            con.execute(sql_file("queries", "load_event_types.sql"), {"path": str(EVENT_TYPES_CSV)})
        for table in STAGED_TABLES:
            files = staged.get(table) or []
            if files:
                con.execute(sql_file("load", f"{table}.sql"), {"run_id": run_id, "files": files})
        for check in schema_checks:
            con.execute(sql_file("queries", "record_check.sql"), {"run_id": run_id, "kind": "schema", **check})
        new_entities = con.execute(sql_file("queries", "new_entity_count.sql"), {"run_id": run_id}).fetchone()[0]
        con.execute(sql_file("queries", "commit_run.sql"), {
            "run_id": run_id, **{name: counts.get(name) for name in RUN_COUNTS}, "entities": new_entities})
        failures = run_audits(con, run_id)
        if failures:
            con.execute("ROLLBACK")
            raise AuditFailed(failures)
        pause_point("load")
        con.execute("COMMIT")
        return new_entities
    except BaseException:
        try:
            con.execute("ROLLBACK")
        except duckdb.Error:
            pass  # already rolled back (audit failure) or never begun
        raise
    finally:
        con.close()
