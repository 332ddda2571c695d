"""Connections to the warehouse file: read-write for runs, read-only for readers, locked down for
user SQL."""
from __future__ import annotations

import os
import random
import time
from collections.abc import Callable
from pathlib import Path

import duckdb

# How often a reader asks again while a run's load holds the file.
RETRY_EVERY_SECONDS = 0.5


class WarehouseBusy(RuntimeError):
    """Another process is writing to the warehouse."""


def is_lock_error(error: BaseException) -> bool:
    """DuckDB refused the file because another process holds it for writing."""
    return isinstance(error, duckdb.IOException) and "lock" in str(error).lower()


# How long a run's writer keeps trying while readers hold the file. Readers open and close it
# all the time, so the writer asks again within tens of milliseconds (with jitter, so it does not
# fall into step with a reader's loop) and slips into the first gap: a few looping readers no
# longer starve the nightly run, while one that holds the file for good still fails it, clearly.
WRITER_WAIT_SECONDS = 60.0   # KHRONIKA_WRITER_WAIT overrides it
WRITER_RETRY_SECONDS = (0.005, 0.05)


def writer_wait_seconds() -> float:
    return float(os.environ.get("KHRONIKA_WRITER_WAIT", WRITER_WAIT_SECONDS))


def _open_retrying(open_file: Callable[[], duckdb.DuckDBPyConnection], wait_seconds: float,
                   pause: Callable[[], float], busy: Callable[[Exception], str]
                   ) -> duckdb.DuckDBPyConnection:
    """open_file(), asked again after pause() while another process holds the file, until
    wait_seconds have passed; then WarehouseBusy saying busy(error)."""
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            return open_file()
        except duckdb.IOException as error:
            if not is_lock_error(error):
                raise
            if time.monotonic() >= deadline:
                raise WarehouseBusy(busy(error)) from error
            time.sleep(pause())


def connect(db_path: str | Path, read_only: bool = False,
            wait_seconds: float | None = None) -> duckdb.DuckDBPyConnection:
    db_path = Path(db_path)
    if read_only:
        if not db_path.exists():
            raise FileNotFoundError(f"no warehouse at {db_path}: run `khronika run` first")
        return duckdb.connect(str(db_path), read_only=True)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    return _open_retrying(
        lambda: duckdb.connect(str(db_path)),
        writer_wait_seconds() if wait_seconds is None else wait_seconds,
        lambda: random.uniform(*WRITER_RETRY_SECONDS),
        lambda error: f"the warehouse {db_path} is open in another process: {error}")


def connect_reader(db_path: str | Path, wait_seconds: float = 0) -> duckdb.DuckDBPyConnection:
    """A read-only connection; while a run's load holds the file (seconds), ask again for up to
    `wait_seconds`, then raise WarehouseBusy with what to do."""
    return _open_retrying(
        lambda: connect(db_path, read_only=True), wait_seconds, lambda: RETRY_EVERY_SECONDS,
        lambda _error: f"a run is loading {db_path}; retry in a moment, or pass --wait SECONDS")


def connect_for_query(db_path: str | Path, wait_seconds: float = 0) -> duckdb.DuckDBPyConnection:
    """A read-only connection for user SQL that also cannot touch other files.

    read_only alone still lets COPY ... TO write files and ATTACH or read_csv read them; with
    external access off (and the setting locked) the SQL sees the warehouse and nothing else.
    """
    con = connect_reader(db_path, wait_seconds)
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")
    return con
