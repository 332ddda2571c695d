"""Where the project's files live and the limits a run obeys."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SQL_DIR = PROJECT_ROOT / "sql"
SEEDS_DIR = PROJECT_ROOT / "seeds"
DEFAULT_DB = Path(os.environ.get("KHRONIKA_DB", "data/khronika.duckdb"))
DEFAULT_SOURCES = [str(SEEDS_DIR)]

# Bumped whenever extraction output can change (models, rules, lexicons):
# reprocess uses it to tell stale derived rows from current ones.
EXTRACTOR_VERSION = "2025.11.2"


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


@dataclass(frozen=True)
class Limits:
    """Input limits; anything over them is quarantined, never read whole."""

    max_file_bytes: int = _env_int("KHRONIKA_MAX_FILE_BYTES", 50 * 1024 * 1024)
    max_article_chars: int = _env_int("KHRONIKA_MAX_ARTICLE_CHARS", 200_000)
    max_records_per_file: int = _env_int("KHRONIKA_MAX_RECORDS_PER_FILE", 1_000_000)
