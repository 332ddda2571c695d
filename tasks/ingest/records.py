"""Records into articles: the fields of an article, its id and hash, and why a record is refused.

- ``text`` is the decoded text exactly as it is in the file (no stripping, no newline
  translation); every offset downstream indexes into it.
- ``source_id`` is the record's own ``id`` (as a string) when it has one.
- ``article_id`` is the first 16 hex digits of sha1 over the source's name (its root folder's
  name), the file's path relative to that root plus, for multi-record formats, the record's id (or
  its position when it has none). It does not depend on the working directory, the same id in two
  files gives two articles, and equal relative paths in two sources (``lenta/2025-10-01.jsonl``,
  ``ria/2025-10-01.jsonl``) give two articles. ``legacy_id`` is the id the same record had before
  the source's name was part of it (intake keeps it for articles a warehouse already holds so).
- ``content_hash`` is the sha256 hex of the UTF-8 encoded text only: metadata edits do not make a
  new text version. ``raw_hash`` is the sha256 of the markup the text was extracted from (a web
  page, a WARC record's body), null when the file's text is the article itself.

A record that cannot load becomes a quarantine row naming where it was in the file; a bad
metadata value (an unparseable ``published_at``) loads the article with that field null plus a
quarantine row naming the value.
"""
from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import PurePosixPath
from typing import Any

from tasks.ingest.discover import SourceFile
from tasks.ingest.field_map import FieldMap, map_record
from tasks.ingest.published import parse_published_at
from tasks.ingest.spill import SpillingList
from tasks.quality.quarantine import QuarantineRow
from tasks.settings import Limits

ARTICLE_COLUMNS = [
    "article_id", "source_id", "source_path", "title", "url", "published_at", "source",
    "topic", "encoding", "text", "content_hash", "raw_hash", "duplicate_of",
    "text_minhash",
]
STAGE = "ingest"
RECORD_PREVIEW_CHARS = 1000
VALUE_PREVIEW_CHARS = 200
METADATA_FIELDS = ("title", "url", "source", "topic")
_MISSING = object()
# JSON escapes can smuggle in unpaired surrogates, which cannot be stored as UTF-8.
_SURROGATE = re.compile("[\ud800-\udfff]")


def make_article_id(source: str, relpath: str, key: str | None = None) -> str:
    """Stable id of an article: its source's name, its file's root-relative path and its key
    inside the file. A folder name holds no '/', so "source/relpath" is unambiguous."""
    return legacy_article_id(f"{source}/{relpath}", key)


def legacy_article_id(relpath: str, key: str | None = None) -> str:
    """The id before the source's name was part of it (articles loaded until migration 010)."""
    material = relpath if key is None else f"{relpath}\x1f{key}"
    return hashlib.sha1(material.encode("utf-8")).hexdigest()[:16]


def source_name(file: SourceFile) -> str:
    """A source's stable name: the name of its root folder (a single file's: its folder), the
    same from any working directory and wherever the folder is moved."""
    return PurePosixPath(file.root.replace("\\", "/")).name


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# An id is a key, not content; anything longer is a broken export.
MAX_ID_CHARS = 512
# Quarantine rows listed per file; beyond, one summary row counts the rest by check, so a file of
# millions of junk lines costs a thousand rows (and their memory), not millions.
MAX_ROWS_PER_FILE = 1000


@dataclass
class FileIngest:
    file: SourceFile
    articles: list[dict] | SpillingList  # keys = ARTICLE_COLUMNS + legacy_id; a SpillingList when large
    quarantine: list[QuarantineRow]
    encoding: str | None
    status: str  # loaded (at least one article) | quarantined | skipped (decided by discover)
    reason: str | None


def file_row(file: SourceFile, reason: str) -> QuarantineRow:
    """The quarantine row of a file refused as a whole."""
    return QuarantineRow(file.path, STAGE, reason, table_name="ingest_files",
                         check_name="file_usable")


@dataclass
class RecordCollector:
    """Gathers one file's records as articles and quarantine rows, within the file's limits."""

    file: SourceFile
    encoding: str | None  # of the file; a byte reader sets it once it knows
    limits: Limits
    articles: SpillingList = field(default_factory=SpillingList)
    quarantine: list[QuarantineRow] = field(default_factory=list)
    records: int = 0
    rejected: int = 0
    overflow: int = 0
    ids: dict[str, str] = field(default_factory=dict)  # source_id -> where first seen
    field_map: FieldMap | None = None  # the source's .khronikamap (tasks/ingest/field_map.py)
    skipped: Counter = field(default_factory=Counter)  # container records that are no article
    damage: str | None = None  # where a container broke off, its records after that lost
    unlisted: Counter = field(default_factory=Counter)  # check -> rows over MAX_ROWS_PER_FILE

    @property
    def full(self) -> bool:
        return self.records >= self.limits.max_records_per_file

    def count_overflow(self) -> None:
        self.overflow += 1

    def skip(self, kind: str) -> None:
        """A record of a container that is no article (a request, an image): counted only."""
        self.skipped[kind] += 1

    def damaged(self, reason: str) -> None:
        """The container broke off here: one row for what was lost, the records before stay."""
        self.damage = reason
        self.quarantine.append(file_row(self.file, reason))

    def add_single(self, record: dict, unread: tuple[str, str, Any] | None = None) -> None:
        """The one article of a txt or md file: its id comes from the path alone. ``unread``
        (field, reason, value) names a part of the file that could not be read (md front
        matter): the article loads without it, with a quarantine row."""
        self.add(record, "file", single=True, unread=unread)

    def add(self, record: Any, where: str, raw: str | None = None, single: bool = False,
            encoding: str | None = None, unread: tuple[str, str, Any] | None = None) -> None:
        if self.full:
            self.count_overflow()
            return
        self.records += 1
        # The record as text, for quarantine rows only: built when a row needs it.
        preview = (lambda: raw) if raw is not None else (lambda: json_preview(record))
        try:
            self._add(record, where, preview, single, encoding, unread)
        except Exception as exc:  # noqa: BLE001 — one record's surprise must not cost the file
            self._reject(where, f"could not read the record: {type(exc).__name__}: {exc}",
                         "record_readable", preview)

    def _add(self, record: Any, where: str, preview: Callable[[], str], single: bool,
             encoding: str | None, unread: tuple[str, str, Any] | None) -> None:
        if not isinstance(record, dict):
            self._reject(where, f"record is not an object ({type_name(record)})", "record_object",
                         preview)
            return
        if not single:
            record, problem = map_record(record, self.field_map)
            if problem:
                self._reject(where, problem, "language_russian", preview, column="language",
                             value=value_preview(record["language"]))
                return
        text = record.get("text", _MISSING)
        problem = _text_problem(text, self.limits)
        if problem:
            value = None if text is _MISSING or text is None else value_preview(text)
            self._reject(where, problem, "text_valid", preview, column="text", value=value)
            return
        source_id, id_problem = _source_id(record.get("id"))
        if id_problem and not single:   # the id is the record's key in its file
            self._reject(where, id_problem, "id_valid", preview, column="id",
                         value=value_preview(record["id"]))
            return
        if source_id is not None:
            if source_id in self.ids:
                self._reject(where, f"duplicate id {source_id!r} (first at {self.ids[source_id]})",
                             "id_unique", preview, column="id", value=source_id)
                return
            self.ids[source_id] = where
        key = None if single else f"id:{source_id}" if source_id is not None else f"at:{where}"
        article_id = make_article_id(source_name(self.file), self.file.relpath, key)
        article = {
            "article_id": article_id,
            "source_id": source_id,
            "source_path": self.file.path,
            "published_at": self._published_at(record, where, article_id),
            "encoding": encoding or self.encoding,
            "text": text,
            "content_hash": text_hash(text),
            "raw_hash": record.get("raw_hash") if isinstance(record.get("raw_hash"), str) else None,
            "duplicate_of": None,  # set by intake against the warehouse and the run
            "text_minhash": None,  # set by intake for new and changed texts
        }
        for name in METADATA_FIELDS:
            article[name] = self._metadata(record, name, where, article_id)
        if id_problem:   # one article per file: its id comes from the path, the bad one is metadata
            self._reject_value(where, "id", id_problem, record["id"], article_id)
        if unread is not None:
            column, reason, value = unread
            self._reject_value(where, column, reason, value, article_id,
                               outcome="article loaded without it")
        self.articles.append({**{column: article[column] for column in ARTICLE_COLUMNS},
                              "legacy_id": legacy_article_id(self.file.relpath, key)})

    def reject_record(self, where: str, reason: str, check: str, raw_line: str) -> None:
        """A record that could not even be parsed; it still counts against the record limit."""
        if self.full:
            self.count_overflow()
            return
        self.records += 1
        self._reject(where, reason, check, lambda: raw_line)

    def _listed(self, check: str) -> bool:
        """Whether one more row fits this file's quota; counted by check when it does not."""
        if len(self.quarantine) < MAX_ROWS_PER_FILE:
            return True
        self.unlisted[check] += 1
        return False

    def _reject(self, where: str, reason: str, check: str, preview: Callable[[], str],
                column: str | None = None, value: str | None = None) -> None:
        self.rejected += 1
        if not self._listed(check):
            return
        self.quarantine.append(QuarantineRow(
            self.file.path, STAGE, f"{where}: {reason}", table_name="articles", check_name=check,
            column_name=column, value=value, record=_cut(preview(), RECORD_PREVIEW_CHARS),
        ))

    def _metadata(self, record: dict, name: str, where: str, article_id: str) -> str | None:
        value = record.get(name)
        if value is None:
            return None
        if isinstance(value, (bool, dict, list)):
            self._reject_value(where, name, f"{name} is {type_name(value)}, expected a string",
                               value, article_id)
            return None
        value = str(value).strip()
        if _SURROGATE.search(value):
            self._reject_value(where, name, f"{name} has an unpaired surrogate", value, article_id)
            return None
        return value or None

    def _published_at(self, record: dict, where: str, article_id: str) -> datetime | None:
        name = "published_at"
        value = record.get(name)
        if value in (None, ""):
            name, value = "date", record.get("date")
        if value in (None, ""):
            return None
        if isinstance(value, datetime):
            if value.tzinfo is not None:
                try:
                    value = value.astimezone(timezone.utc).replace(tzinfo=None)
                except OverflowError:
                    self._reject_value(where, name, f"{name} out of range in UTC", value, article_id)
                    return None
            return value
        if isinstance(value, date):
            return datetime(value.year, value.month, value.day)
        parsed = parse_published_at(value) if isinstance(value, str) else None
        if parsed is None:
            self._reject_value(where, name, f"unparseable {name}", value, article_id)
        return parsed

    def _reject_value(self, where: str, column: str, reason: str, value: Any, article_id: str,
                      outcome: str = "article loaded with it null") -> None:
        if not self._listed(f"{column}_valid"):
            return
        self.quarantine.append(QuarantineRow(
            self.file.path, STAGE, f"{where}: {reason}; {outcome}",
            table_name="articles", check_name=f"{column}_valid", column_name=column,
            value=value_preview(value), article_id=article_id,
        ))

    def result(self) -> FileIngest:
        if self.unlisted:
            counts = ", ".join(f"{check} {count}" for check, count in self.unlisted.most_common())
            self.quarantine.append(QuarantineRow(
                self.file.path, STAGE,
                f"{sum(self.unlisted.values())} more rows not listed (over {MAX_ROWS_PER_FILE} "
                f"per file), by check: {counts}",
                table_name="articles", check_name="max_rows_per_file",
            ))
        if self.overflow:
            self.quarantine.append(QuarantineRow(
                self.file.path, STAGE,
                f"{self.overflow} records over the limit of {self.limits.max_records_per_file} "
                "per file were not loaded",
                table_name="articles", check_name="max_records_per_file",
            ))
        not_loaded = self.rejected + self.overflow
        total = self.records + self.overflow
        extra = self._skipped_and_damage()
        if self.articles:
            reason = f"{not_loaded} of {total} records quarantined" if not_loaded else None
            reason = "; ".join(part for part in (reason, *extra) if part) or None
            return FileIngest(self.file, self.articles.settled(), self.quarantine, self.encoding,
                              "loaded", reason)
        reason = f"no usable records ({not_loaded} quarantined)" if total else "no records"
        if not total and not self.damage:
            self.quarantine.append(file_row(self.file, "; ".join([reason, *extra])))
        reason = "; ".join([reason, *extra])
        return FileIngest(self.file, [], self.quarantine, self.encoding, "quarantined", reason)

    def _skipped_and_damage(self) -> list[str]:
        parts = []
        if self.skipped:
            counts = ", ".join(f"{count} {kind}" for kind, count in sorted(self.skipped.items()))
            parts.append(f"{sum(self.skipped.values())} records skipped ({counts})")
        if self.damage:
            parts.append(self.damage)
        return parts


def _text_problem(text: Any, limits: Limits) -> str | None:
    if text is _MISSING:
        return "missing text"
    if text is None:
        return "text is null"
    if not isinstance(text, str):
        return f"text is {type_name(text)}, expected a string"
    if not text.strip():
        return "empty text"
    if len(text) > limits.max_article_chars:
        return f"text too long ({len(text)} chars > limit {limits.max_article_chars})"
    surrogate = _SURROGATE.search(text)
    if surrogate:
        return f"text has an unpaired surrogate at index {surrogate.start()}"
    return None


def _source_id(value: Any) -> tuple[str | None, str | None]:
    """(the record id as a string or None when absent, a problem with it or None)."""
    if value is None:
        return None, None
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None, f"id is {type_name(value)}, expected a string or integer"
    text = str(value).strip()
    if _SURROGATE.search(text):
        return None, "id has an unpaired surrogate"
    if len(text) > MAX_ID_CHARS:
        return None, f"id longer than {MAX_ID_CHARS} characters ({len(text)})"
    return text or None, None


def type_name(value: Any) -> str:
    return {
        type(None): "null", bool: "a boolean", int: "an integer", float: "a float",
        str: "a string", list: "a list", dict: "an object",
    }.get(type(value), type(value).__name__)


def json_preview(value: Any) -> str:
    return _cut(json.dumps(value, ensure_ascii=False, default=str), RECORD_PREVIEW_CHARS)


def value_preview(value: Any) -> str:
    return _cut(value if isinstance(value, str) else json_preview(value), VALUE_PREVIEW_CHARS)


def _cut(value: str, limit: int) -> str:
    return value if len(value) <= limit else value[:limit]
