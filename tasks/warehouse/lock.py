"""The single-writer lock of a warehouse, held by a run from start to end."""
from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tasks.warehouse.connect import WarehouseBusy


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
