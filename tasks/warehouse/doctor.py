"""A damaged warehouse file: found before a run writes into it, and a last good copy to restore.

A truncated or overwritten DuckDB file can still open and answer `count(*)` from its metadata
while the blocks holding the rows are gone; a run writing into it then adds a WAL over the
damage and makes even that fail. So a run first checks the file read-only (nothing written):
it must open, be as long as the blocks its header counts, and every table must answer. After
each committed run the file is copied, checked, and swapped in as `<warehouse>.backup`, the
copy `khronika doctor --restore` puts back.
"""
from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from tasks.warehouse.connect import is_lock_error

# DuckDB's file starts with three 4 KiB headers, then its blocks.
HEADER_BYTES = 3 * 4096
# 0: no copy after a run; 1: a copy whatever the size; unset: a copy while the file is at most
# AUTO_BACKUP_MAX_BYTES, because past that the copy and its full read cost more than a nightly
# run of a few hundred articles (a 1M-article warehouse is about 3 GB).
BACKUP_ENV = "KHRONIKA_BACKUP"
AUTO_BACKUP_MAX_BYTES = 1 << 30


class WarehouseDamaged(RuntimeError):
    """The warehouse file cannot be read whole: a run must not write into it."""


@dataclass
class Health:
    """What a check found: `problems` is empty for a sound file."""

    path: Path
    problems: list[str] = field(default_factory=list)
    tables: dict[str, int] = field(default_factory=dict)   # rows per table
    last_run: int | None = None     # the last committed run

    @property
    def ok(self) -> bool:
        return not self.problems


def backup_path(db_path: str | Path) -> Path:
    return Path(f"{db_path}.backup")


def _scan(con: duckdb.DuckDBPyConnection, table: str, full: bool) -> int:
    """Rows of `table`; with `full`, every column of every row is read (each block's checksum
    is verified on read), streamed in record batches so memory stays small."""
    relation = con.table(table)
    if not full:
        return relation.aggregate("count(*)").fetchall()[0][0]
    rows = 0
    for batch in relation.to_arrow_reader(batch_size=100_000):
        rows += batch.num_rows
    return rows


def check(db_path: str | Path, full: bool = False) -> Health:
    """Check the file read-only: it opens, it is as long as its blocks, every table answers
    (and `runs`, small, is read whole; with `full`, every table is). A missing file is sound:
    a run creates it. A file another process holds for writing is not checked (not damage)."""
    health = Health(Path(db_path))
    if not health.path.exists():
        return health
    try:
        con = duckdb.connect(str(health.path), read_only=True)
    except duckdb.Error as error:
        if is_lock_error(error):
            return health
        health.problems.append(f"cannot be opened: {_first_line(error)}")
        return health
    try:
        block_size = con.execute("PRAGMA database_size").fetchall()[0][2]
        names = [name for name, in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE NOT internal ORDER BY table_name").fetchall()]
        # The file must reach the last block a table's rows live in (free blocks at the end are
        # cut off the file, so the header's block count is no measure). Metadata only: fast.
        blocks = [con.execute("SELECT max(block_id) FROM pragma_storage_info($table)",
                              {"table": name}).fetchall()[0][0] for name in names]
        last_block = max((block for block in blocks if block is not None), default=-1)
        need = HEADER_BYTES + block_size * (last_block + 1)
        have = health.path.stat().st_size
        if have < need:
            health.problems.append(f"truncated: {have:,} bytes where its tables' blocks reach {need:,}")
        for name in names:
            try:
                health.tables[name] = _scan(con, name, full or name == "runs")
            except duckdb.Error as error:
                health.problems.append(f"table {name} cannot be read: {_first_line(error)}")
        if "runs" in health.tables:
            health.last_run = con.execute(
                "SELECT max(run_id) FROM runs WHERE status = 'committed'").fetchall()[0][0]
    except duckdb.Error as error:
        health.problems.append(_first_line(error))
    finally:
        con.close()
    return health


def refuse_if_damaged(db_path: str | Path) -> None:
    """Raise WarehouseDamaged, with what to do, unless the file passes the quick check."""
    health = check(db_path)
    if not health.ok:
        raise WarehouseDamaged(
            f"the warehouse {db_path} is damaged ({health.problems[0]}); nothing was written to it. "
            f"`khronika doctor --db {db_path}` checks it, `--restore` puts back the copy of the last good run")


def keep_backup(db_path: str | Path) -> Health | None:
    """Copy the warehouse (just committed, under the writer lock, no connection open) to
    `<db>.backup`: written beside it, checked in full, then swapped in, so the backup is always
    a whole good copy. None when no copy is due: KHRONIKA_BACKUP=0, or unset and the file over
    AUTO_BACKUP_MAX_BYTES."""
    db_path, target = Path(db_path), backup_path(db_path)
    wanted = os.environ.get(BACKUP_ENV, "auto")
    if wanted == "0" or (wanted != "1" and db_path.stat().st_size > AUTO_BACKUP_MAX_BYTES):
        return None
    partial = target.with_name(target.name + ".partial")
    try:
        shutil.copyfile(db_path, partial)
        wal = Path(f"{db_path}.wal")
        if wal.exists():  # not checkpointed yet: the copy needs it too
            shutil.copyfile(wal, f"{partial}.wal")
        health = check(partial, full=True)
    except BaseException:  # a full disk, say: a half copy would only hold the space it needs
        partial.unlink(missing_ok=True)
        Path(f"{partial}.wal").unlink(missing_ok=True)
        raise
    if not health.ok:
        partial.unlink(missing_ok=True)
        raise WarehouseDamaged(f"the copy of {db_path} failed its check ({health.problems[0]}); "
                               f"the backup {target} is kept as it was")
    if Path(f"{partial}.wal").exists():
        os.replace(f"{partial}.wal", f"{target}.wal")
    else:
        Path(f"{target}.wal").unlink(missing_ok=True)
    os.replace(partial, target)
    return health


def restore(db_path: str | Path) -> tuple[Health, Path]:
    """Put the backup in place of the warehouse; the file it replaces is moved aside, never
    deleted. Returns the restored file's health and where the damaged one went. Caller holds
    the writer lock."""
    db_path, source = Path(db_path), backup_path(db_path)
    if not source.exists():
        raise FileNotFoundError(f"no backup at {source} (runs keep one unless {BACKUP_ENV}=0)")
    backup = check(source, full=True)
    if not backup.ok:
        raise WarehouseDamaged(f"the backup {source} is damaged too ({backup.problems[0]})")
    aside = db_path.with_name(f"{db_path.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
    if db_path.exists():
        os.replace(db_path, aside)
    if Path(f"{db_path}.wal").exists():
        os.replace(f"{db_path}.wal", f"{aside}.wal")
    partial = db_path.with_name(db_path.name + ".restoring")
    shutil.copyfile(source, partial)
    if Path(f"{source}.wal").exists():
        shutil.copyfile(f"{source}.wal", f"{db_path}.wal")
    os.replace(partial, db_path)
    return check(db_path, full=True), aside


def _first_line(error: BaseException) -> str:
    return str(error).strip().splitlines()[0][:300] if str(error).strip() else type(error).__name__
