"""One quarantine row type, built by every stage: what was rejected, where, and why.

A row records a rejected FILE (nothing in it loads), a rejected RECORD (the record does not
load), a rejected VALUE (the article loads with that field null) or a rejected ROW of a derived
table (a mention, an event); ``column_name`` and ``value`` say which value, ``record`` holds the
offending record as JSON or raw text.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

import polars as pl

QUARANTINE_SCHEMA = {
    "source_path": pl.String, "stage": pl.String, "reason": pl.String, "table_name": pl.String,
    "check_name": pl.String, "column_name": pl.String, "value": pl.String, "article_id": pl.String,
    "record": pl.String,
}
QUARANTINE_COLUMNS = list(QUARANTINE_SCHEMA)


def _storable(text: str | None) -> str | None:
    """Unpaired surrogates (from JSON escapes or undecodable names) escaped, so UTF-8 holds them."""
    if text is None:
        return None
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


@dataclass(frozen=True)
class QuarantineRow(Mapping):
    """A row of the quarantine table; reads like a mapping of its columns too."""

    source_path: str | None
    stage: str          # ingest | validate | extract
    reason: str
    table_name: str | None = None
    check_name: str | None = None
    column_name: str | None = None
    value: str | None = None
    article_id: str | None = None
    record: str | None = None

    def __post_init__(self) -> None:
        for name in ("source_path", "reason", "value", "record"):
            object.__setattr__(self, name, _storable(getattr(self, name)))

    def __getitem__(self, column: str) -> str | None:
        if column not in QUARANTINE_SCHEMA:
            raise KeyError(column)
        return getattr(self, column)

    def __iter__(self) -> Iterator[str]:
        return iter(QUARANTINE_COLUMNS)

    def __len__(self) -> int:
        return len(QUARANTINE_COLUMNS)


def quarantine_frame(rows: Iterable[QuarantineRow]) -> pl.DataFrame:
    """The quarantine table's frame of any stage's rows."""
    return pl.DataFrame([dataclasses.asdict(row) for row in rows] or None, schema=QUARANTINE_SCHEMA)
