"""A run's staging area: Parquet files per table, written batch by batch, loaded at the end.

Staging keeps memory bounded (a batch is written and dropped) and keeps the warehouse free
for readers until the single load transaction.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl

from tasks.warehouse.space import OutOfSpace, out_of_space


class Staging:
    def __init__(self, root: str | Path):
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)

    @staticmethod
    def warehouse_root(db_path: str | Path) -> Path:
        """Where a warehouse's runs stage: per warehouse file, as two in one folder share run ids."""
        db_path = Path(db_path)
        return db_path.parent / ".staging" / db_path.name

    @classmethod
    def for_run(cls, db_path: str | Path, run_id: int) -> "Staging":
        return cls(cls.warehouse_root(db_path) / f"run-{run_id}")

    @staticmethod
    def remove_stale(db_path: str | Path, current_run_id: int) -> list[Path]:
        """Delete the staging dirs of other runs of this warehouse; return what was removed.

        Only safe under the writer lock: then no other run is alive, and a staging dir left
        behind belongs to a run that was killed before its cleanup ran.
        """
        stale = [path for path in sorted(Staging.warehouse_root(db_path).glob("run-*"))
                 if path.name != f"run-{current_run_id}"]
        for path in stale:
            shutil.rmtree(path, ignore_errors=True)
        return stale

    def write(self, table: str, frame: pl.DataFrame, batch: str) -> Path | None:
        """Write one batch of a table; empty frames write nothing."""
        if frame.height == 0:
            return None
        path = self.root / table / f"{batch}.parquet"
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            frame.write_parquet(path)
        except Exception as error:  # Polars names no file: say which one, when space ran out
            if (full := out_of_space(error)) is None:
                raise
            raise OutOfSpace(full.reason, str(path)) from error
        return path

    def files(self, table: str) -> list[str]:
        return sorted(str(path) for path in (self.root / table).glob("*.parquet"))

    def tables(self) -> dict[str, list[str]]:
        return {path.name: self.files(path.name) for path in self.root.iterdir() if path.is_dir()}

    def remove(self) -> None:
        """Delete this run's files, then the folders above them that are left empty
        (.staging/<warehouse>, .staging): nothing of a finished run stays beside the warehouse."""
        shutil.rmtree(self.root, ignore_errors=True)
        if self.root.parent.parent.name != ".staging":  # a staging folder of another layout
            return
        for parent in (self.root.parent, self.root.parent.parent):
            try:
                parent.rmdir()
            except OSError:  # not empty (another run or warehouse stages there) or already gone
                return
