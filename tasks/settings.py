"""Where the project's files live and the limits a run obeys."""
from __future__ import annotations

import dataclasses
import os
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SQL_DIR = PROJECT_ROOT / "sql"
SEEDS_DIR = PROJECT_ROOT / "seeds"
EVENT_TYPES_CSV = SEEDS_DIR / "reference" / "event_types.csv"  # the event taxonomy
# Data the extractor reads: the trigger lexicon and the entity type lexicon (built by flows/maintain).
LEXICON_DIR = PROJECT_ROOT / "tasks" / "nlp" / "lexicon"
# the country a state body ("МВД", "Верховный суд") belongs to when the text names none: news in Russian
HOME_COUNTRY = "Россия"
ALIASES_CSV = LEXICON_DIR / "aliases.csv"  # other names of places and organisations (build_aliases)


def default_db() -> Path:
    """The warehouse when none is named, the same from any folder: $KHRONIKA_DB, else
    khronika.duckdb in $KHRONIKA_HOME, else in the project's data/ folder."""
    if os.environ.get("KHRONIKA_DB"):
        return Path(os.environ["KHRONIKA_DB"]).expanduser().resolve()
    home = Path(os.environ.get("KHRONIKA_HOME") or PROJECT_ROOT / "data").expanduser()
    return (home / "khronika.duckdb").resolve()


DEFAULT_DB = default_db()


def default_dashboards_dir() -> Path:
    """Where the runs of the default warehouse keep their dashboard snapshots."""
    return DEFAULT_DB.parent / "dashboards"
DEFAULT_SOURCES = [str(SEEDS_DIR)]

# Articles per staged batch, the unit of extraction work: small enough that every worker stays
# busy to the end of a run and a batch's analysis stays small in memory (validation per batch
# costs a few milliseconds).
DEFAULT_BATCH_SIZE = 50

# Bumped whenever extraction output can change (models, rules, lexicons):
# reprocess uses it to tell stale derived rows from current ones.
EXTRACTOR_VERSION = "2025.12.28"  # the model files the training command writes; affiliations from the parse; best actor after the source filter


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


@dataclass(frozen=True)
class Limits:
    """Input limits; anything over them is quarantined, never read whole.

    Defaults come from KHRONIKA_MAX_* environment variables when they are set, read when a
    Limits is made (not at import), so a worker's environment applies to the runs it executes.
    """

    max_file_bytes: int = field(default_factory=lambda: _env_int("KHRONIKA_MAX_FILE_BYTES", 50 * 1024 * 1024))
    max_article_chars: int = field(default_factory=lambda: _env_int("KHRONIKA_MAX_ARTICLE_CHARS", 200_000))
    max_records_per_file: int = field(
        default_factory=lambda: _env_int("KHRONIKA_MAX_RECORDS_PER_FILE", 1_000_000))

    def __post_init__(self) -> None:
        for item in dataclasses.fields(self):
            if getattr(self, item.name) < 1:
                raise ValueError(f"{item.name} must be a positive number, got {getattr(self, item.name)}")

    @classmethod
    def with_overrides(cls, **values: int | None) -> "Limits":
        """The defaults, with the values given (None keeps the default)."""
        return cls(**{name: value for name, value in values.items() if value is not None})

    def as_dict(self) -> dict[str, int]:
        return dataclasses.asdict(self)


# Set by the CLI's Ctrl-C handler. Prefect's engine may swallow the KeyboardInterrupt a Ctrl-C
# raises while a flow starts; the flow looks here before each run it opens, so the Ctrl-C
# still stops it.
INTERRUPTED = threading.Event()


def raise_if_interrupted() -> None:
    if INTERRUPTED.is_set():
        raise KeyboardInterrupt


def pause_point(stage: str) -> None:
    """Hold a run at `stage` when KHRONIKA_TEST_PAUSE="<stage>:<seconds>" is set.

    The crash and concurrency tests use it to kill or probe a run at a known point (stages:
    `extract`, before extraction starts; `load`, inside the load transaction just before COMMIT).
    Unset, it does nothing.
    """
    wanted, _, seconds = os.environ.get("KHRONIKA_TEST_PAUSE", "").partition(":")
    if wanted == stage and seconds:
        print(f"khronika: paused in {stage} for {seconds} s (KHRONIKA_TEST_PAUSE)", file=sys.stderr, flush=True)
        time.sleep(float(seconds))
