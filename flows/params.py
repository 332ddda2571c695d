"""Checks on flow parameters that run before any work, so a bad value fails in a second with a
message naming the parameter, not deep inside a task."""
from __future__ import annotations

import os
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


def existing_sources(sources: list[str]) -> list[str]:
    """Source files/folders as given. One that is missing becomes a skipped row of the run's
    ledger; when none exists the parameter is wrong, and the run stops before it starts."""
    if not sources:
        raise ParameterError("sources: empty list; give at least one file or folder")
    if not any(Path(s).expanduser().exists() for s in sources):
        raise ParameterError(f"sources: none found (relative paths are resolved in {Path.cwd()}): "
                             + ", ".join(sources))
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
