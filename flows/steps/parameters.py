"""The flows' parameters, declared once, and the checks that run before any work.

Each ETL parameter's type, bounds, default and description are declared here once: the ETL flow
and the Dask flow take them as they are (so Prefect's Custom run form shows the same fields),
and `khronika run` builds its options from them. A bad value fails in a second with a message
naming the parameter, not deep inside a task.
"""
from __future__ import annotations

import inspect
import os
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, WithJsonSchema

from tasks.settings import DEFAULT_BATCH_SIZE, DEFAULT_DB


def shown_as(schema: dict) -> WithJsonSchema:
    """How an optional parameter is shown in Prefect's Custom run form: as a field of its own
    type that may stay empty (the schema of `X | None` would show no type at all)."""
    return WithJsonSchema(schema)


def _optional_int(description: str) -> Any:
    return Annotated[int | None, Field(ge=1, description=description),
                     shown_as({"type": "integer", "minimum": 1})]


Sources = Annotated[list[str] | None, Field(
    description="Article files or folders (walked recursively); relative paths are inside "
                "the project. Empty: the project's seeds/ folder."),
    shown_as({"type": "array", "items": {"type": "string"}})]
Db = Annotated[str, Field(
    description="DuckDB warehouse file to write; created with its folder if missing")]
BatchSize = Annotated[int, Field(ge=1, le=100_000, description="Articles per extraction batch")]
WaitSeconds = Annotated[float, Field(
    ge=0, description="How long to wait for another run writing the same warehouse; "
                      "0 fails at once with a clear message")]
MaxFileBytes = _optional_int("Larger files are quarantined unread; empty: KHRONIKA_MAX_FILE_BYTES or 50 MB")
MaxArticleChars = _optional_int("Longer article texts are quarantined; empty: KHRONIKA_MAX_ARTICLE_CHARS or 200000")
MaxRecordsPerFile = _optional_int("Records past this in one file are quarantined; "
                                  "empty: KHRONIKA_MAX_RECORDS_PER_FILE or 1000000")
Workers = _optional_int("Extraction processes; empty: one per core")
RetireMissing = Annotated[bool, Field(
    description="Retire the articles whose file is gone from a scanned source folder: out of the "
                "current tables and reports (history keeps them); off: they stay, flagged in "
                "article_removals")]
# A kill or a timeout costs at most one chunk's work: about 13 minutes at 13 articles/s on two cores.
DEFAULT_CHUNK_ARTICLES = 10_000
ChunkArticles = Annotated[int, Field(
    ge=1, description="Commit a run every this many new or changed articles (whole files): a large "
                      "backlog becomes a sequence of committed runs, and a rerun after a kill resumes")]


def with_parameter_docs(fn):
    """Add a Google-style `Args:` section built from each parameter's declared description:
    Prefect's UI reads parameter descriptions from the flow's docstring, not from Field."""
    hints = typing.get_type_hints(fn, include_extras=True)
    lines = []
    for name in inspect.signature(fn).parameters:
        meta = getattr(hints.get(name), "__metadata__", ())
        text = next((m.description for m in meta if getattr(m, "description", None)), None)
        if text:
            lines.append(f"    {name}: {text}")
    fn.__doc__ = inspect.cleandoc(fn.__doc__ or "") + "\n\nArgs:\n" + "\n".join(lines) + "\n"
    return fn


@dataclass(frozen=True)
class EtlParameters:
    """Every parameter of the ETL flow with its default: the flows' signatures use these names,
    types and defaults (a test holds them to it), and the CLI builds its options from them."""

    sources: Sources = None
    db: Db = str(DEFAULT_DB)
    batch_size: BatchSize = DEFAULT_BATCH_SIZE
    wait_seconds: WaitSeconds = 0
    max_file_bytes: MaxFileBytes = None
    max_article_chars: MaxArticleChars = None
    max_records_per_file: MaxRecordsPerFile = None
    workers: Workers = None
    retire_missing: RetireMissing = False
    chunk_articles: ChunkArticles = DEFAULT_CHUNK_ARTICLES

    def as_kwargs(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


def description(name: str) -> str:
    """The description declared for an ETL parameter (for CLI help)."""
    hint = typing.get_type_hints(EtlParameters, include_extras=True)[name]
    return next(meta.description for meta in hint.__metadata__ if getattr(meta, "description", None))


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
    same_name_roots(sources)
    return [str(Path(s).expanduser()) for s in sources]


def same_name_roots(sources: list[str]) -> None:
    """An article's id holds its source folder's name (tasks/ingest/records.py), so two
    different folders of one name in one run could give two articles one id: refused."""
    by_name: dict[str, set[str]] = {}
    for source in sources:
        path = Path(source).expanduser()
        if not path.exists():
            continue
        real = path.resolve()
        root = real if real.is_dir() else real.parent
        by_name.setdefault(root.name, set()).add(str(root))
    for name, roots in sorted(by_name.items()):
        if len(roots) > 1:
            raise ParameterError(f"sources: {len(roots)} different folders are named {name!r} "
                                 f"({', '.join(sorted(roots))}); article ids hold the source folder's "
                                 "name: give them distinct names")


def source_warnings(sources: list[str]) -> list[str]:
    """What a user should hear about the sources of a run that still goes ahead: the ones that
    do not exist (skipped) and folders holding no file at all."""
    warnings = []
    for source in sources:
        path = Path(source).expanduser().resolve()
        if not path.exists():
            warnings.append(f"source not found, skipped: {path}")
        elif path.is_dir() and not any(files for _, _, files in os.walk(path)):
            warnings.append(f"source holds no files: {path}")
    return warnings


def check_value(name: str, value: Any) -> None:
    """Validate one ETL parameter against its declaration; ParameterError names it."""
    from pydantic import TypeAdapter, ValidationError

    hint = typing.get_type_hints(EtlParameters, include_extras=True)[name]
    try:
        TypeAdapter(hint).validate_python(value)
    except ValidationError as error:
        raise ParameterError(f"{name}: {error.errors()[0]['msg'].lower()}, got {value!r}") from None


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
