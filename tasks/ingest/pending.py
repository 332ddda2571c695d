"""Whether a run has any file to read, asked before it starts its extraction workers.

A nightly run that finds nothing new still started two workers that built their models (2.5 s
of CPU and 400 MB each) on the cores Prefect's temporary server boots on, only to stop them
after ingest found nothing to extract. The answer is the ingest's own rule for skipping a file
(same path and bytes as a committed run read, tasks/ingest/intake.py), checked file by file until
the first one it would read.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import duckdb

from tasks.ingest.discover import SourceFile, iter_discovered
from tasks.settings import Limits
from tasks.warehouse.runs import known_file_hashes


def anything_to_read(files: Iterable[SourceFile], known: Mapping[str, str]) -> bool:
    """Whether any of `files` is one the ingest reads: not skipped or refused on sight, and not
    with the bytes a committed run last read at its path (`known`, path -> content hash)."""
    return any(file.status is None and known.get(file.path) != file.content_hash for file in files)


def run_reads_anything(sources: Sequence[str | Path], db_path: str | Path, limits: Limits) -> bool:
    """anything_to_read for a run's sources and warehouse; True when that cannot be told now (a
    warehouse another process writes, one of an older schema): the workers then start as
    before, and the run itself reports any real problem."""
    try:
        return anything_to_read(iter_discovered(sources, limits), known_file_hashes(db_path))
    except (duckdb.Error, OSError):
        return True
