"""Checks on flow parameters that run before any work, so a bad value fails in a second with a
message naming the parameter, not deep inside a task."""
from __future__ import annotations

import os
from datetime import date
from pathlib import Path


class ParameterError(ValueError):
    """A flow parameter that cannot work; the message names it and says why."""


def writable_db_path(db: str) -> Path:
    """The warehouse file a run will write: its folder must exist or be creatable, and writable."""
    if not str(db).strip():
        raise ParameterError("db: empty path; give the DuckDB file to write, e.g. data/khronika.duckdb")
    path = Path(db).expanduser().resolve()
    if path.is_dir():
        raise ParameterError(f"db: {path} is a folder; give the DuckDB file inside it")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ParameterError(f"db: cannot create the folder {path.parent}: {exc.strerror}") from None
    if not os.access(path.parent, os.W_OK):
        raise ParameterError(f"db: the folder {path.parent} is not writable")
    return path


def existing_db_path(db: str) -> Path:
    """A warehouse file a run reads or extends: it must exist already."""
    path = Path(db).expanduser().resolve()
    if not path.is_file():
        raise ParameterError(f"db: no warehouse at {path}; run the nightly deployment "
                             "(or `khronika run`) first, or point db at an existing file")
    return path


def date_range(date_from: date | None, date_to: date | None) -> tuple[date | None, date | None]:
    """An inclusive range; either end may be open, but the range may not be reversed."""
    if date_from is not None and date_to is not None and date_from > date_to:
        raise ParameterError(f"date range reversed: published_from {date_from} is after "
                             f"published_to {date_to}")
    return date_from, date_to


def existing_sources(sources: list[str]) -> list[str]:
    """Source files/folders as given; every one must exist (an empty folder is fine)."""
    if not sources:
        raise ParameterError("sources: empty list; give at least one file or folder")
    missing = [s for s in sources if not Path(s).expanduser().exists()]
    if missing:
        raise ParameterError(f"sources: not found (relative paths are resolved in {Path.cwd()}): "
                             + ", ".join(missing))
    return [str(Path(s).expanduser()) for s in sources]


def retry_unless(*deterministic: type[BaseException]):
    """A Prefect retry_condition_fn: retry failures except the given (deterministic) errors."""

    def should_retry(task, task_run, state) -> bool:
        try:
            state.result()
        except deterministic:
            return False
        except Exception:
            return True
        return False

    return should_retry
