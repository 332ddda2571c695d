"""Ingest stage: read one discovered file into article records and quarantine rows.

Formats: ``txt`` (the whole file is one article), ``md`` (one article, optional YAML front matter
with id, title, url, published_at or date, source, topic), ``json`` (an object or a list of
objects), ``jsonl`` (one object per line) and ``csv`` (header with at least ``text``; the Lenta.ru
dump layout url,title,text,topic,tags,date works as is; ";" or tab separators are taken from the
header line). Any of them may be gzip-compressed.

Decoding: strict UTF-8 first (a BOM is dropped and recorded as ``utf-8-sig``); otherwise the file
must be Russian text in cp1251 or koi8-r: charset-normalizer restricted to those two accepts it,
letter frequencies pick which, and the result must be mostly Russian letters. NUL bytes mean
binary content. Anything else is quarantined as undecodable.

Article fields:
- ``text`` is the decoded text exactly as it is in the file (no stripping, no newline
  translation); every offset downstream indexes into it.
- ``source_id`` is the record's own ``id`` (as a string) when it has one.
- ``article_id`` is the first 16 hex digits of sha1 over the file's path relative to its source
  root plus, for multi-record formats, the record's id (or its position when it has none). It does
  not depend on the working directory, and the same id in two files gives two articles.
- ``content_hash`` is the sha256 hex of the UTF-8 encoded text only: metadata edits do not make a
  new text version.

Quarantine rows record a rejected RECORD (the record is not loaded: no or bad text, duplicate id,
over a limit), a rejected FILE (nothing in it is loaded), or a rejected VALUE (the article is
loaded but that field is set to null, e.g. an unparseable ``published_at``). ``column_name`` and
``value`` say which value; ``record`` holds the offending record as JSON or raw text, cut to
1000 characters.
"""
from __future__ import annotations

import codecs
import csv
import gzip
import hashlib
import io
import itertools
import json
import math
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any, BinaryIO, TextIO

import charset_normalizer
import yaml

from tasks.discover import SourceFile
from tasks.published import parse_published_at
from tasks.settings import Limits

ARTICLE_COLUMNS = [
    "article_id", "source_id", "source_path", "title", "url", "published_at", "source",
    "topic", "encoding", "text", "content_hash",
]
QUARANTINE_COLUMNS = [
    "source_path", "stage", "reason", "table_name", "check_name", "column_name", "value",
    "article_id", "record",
]
STAGE = "ingest"
RECORD_PREVIEW_CHARS = 1000
VALUE_PREVIEW_CHARS = 200
READ_CHUNK_BYTES = 1 << 20
# Enough text for charset detection; legacy Cyrillic encodings are one byte per character.
ENCODING_SAMPLE_BYTES = 256 * 1024
LEGACY_ENCODINGS = ("cp1251", "koi8-r")
# Per cent of each letter in running Russian text (the usual published letter-frequency table).
_LETTER_FREQUENCY = {
    "о": 10.97, "е": 8.45, "а": 8.01, "и": 7.35, "н": 6.70, "т": 6.26, "с": 5.47, "р": 4.73,
    "в": 4.54, "л": 4.40, "к": 3.49, "м": 3.21, "д": 2.98, "п": 2.81, "у": 2.62, "я": 2.01,
    "ы": 1.90, "ь": 1.74, "г": 1.70, "з": 1.65, "б": 1.59, "ч": 1.44, "й": 1.21, "х": 0.97,
    "ж": 0.94, "ш": 0.73, "ю": 0.64, "ц": 0.48, "щ": 0.36, "э": 0.32, "ф": 0.26, "ъ": 0.04,
    "ё": 0.04,
}
_LETTER_LOG_FREQUENCY = {letter: math.log(share) for letter, share in _LETTER_FREQUENCY.items()}
METADATA_FIELDS = ("title", "url", "source", "topic")
CSV_DELIMITERS = (",", ";", "\t")  # ties go to the first
_MISSING = object()
_FRONT_MATTER = re.compile(
    r"\A---[ \t]*\r?\n(?P<yaml>.*?)^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL | re.MULTILINE
)
_RUSSIAN_LETTERS = re.compile(r"[а-яёА-ЯЁ]")
# JSON escapes can smuggle in unpaired surrogates, which cannot be stored as UTF-8.
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass
class FileIngest:
    file: SourceFile
    articles: list[dict]  # keys = ARTICLE_COLUMNS
    quarantine: list[dict]  # keys = QUARANTINE_COLUMNS
    encoding: str | None
    status: str  # loaded (at least one article) | quarantined | skipped (decided by discover)
    reason: str | None


class InputRejected(Exception):
    """The whole file is unusable; the message is the reason."""


def ingest_file(file: SourceFile, limits: Limits) -> FileIngest:
    """Articles and quarantine rows of one file. Bad input never raises: it is quarantined.

    A file that discover already skipped or quarantined is not opened; it comes back with the
    same status (and, when quarantined, one quarantine row) so callers can treat all files alike.
    """
    if file.status is not None:
        rows = [] if file.status == "skipped" else [_file_row(file, file.reason or file.status)]
        return FileIngest(file, [], rows, None, file.status, file.reason)
    encoding = None
    try:
        encoding = detect_encoding(file, limits)
        collector = _Collector(file, encoding, limits)
        with open_text(file, encoding) as stream:
            READERS[file.format](stream, collector, limits)
    except InputRejected as exc:
        return _rejected(file, str(exc), encoding)
    except UnicodeDecodeError as exc:
        return _rejected(file, f"cannot decode as {encoding}: {exc.reason} at byte {exc.start}",
                         encoding)
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        return _rejected(file, f"corrupt or truncated gzip: {exc}", encoding)
    except OSError as exc:
        return _rejected(file, f"unreadable: {exc.strerror or exc}", encoding)
    return collector.result()


def make_article_id(relpath: str, key: str | None = None) -> str:
    """Stable id of an article: its file's root-relative path plus its key inside the file."""
    material = relpath if key is None else f"{relpath}\x1f{key}"
    return hashlib.sha1(material.encode("utf-8")).hexdigest()[:16]


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --- bytes and encodings -------------------------------------------------------------------


class HashingReader:
    """A binary file whose reads update a sha256 of the raw bytes that went by."""

    def __init__(self, path: str):
        self._raw = open(path, "rb")
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self._raw.read(size)
        self.digest.update(data)
        return data

    def close(self) -> None:
        self._raw.close()

    def __enter__(self) -> HashingReader:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def open_bytes(file: SourceFile, raw: BinaryIO | HashingReader | None = None) -> BinaryIO:
    """The file's (decompressed) bytes; ``raw``, when given, is the opened file to read from
    and stays the caller's to close."""
    if file.compression == "gzip":
        if raw is not None:
            return gzip.GzipFile(fileobj=raw, mode="rb")
        return gzip.open(file.path, "rb")
    return raw if raw is not None else open(file.path, "rb")


def open_text(file: SourceFile, encoding: str) -> TextIO:
    # newline="" keeps "\r\n" as it is in the file: text must stay unchanged.
    return io.TextIOWrapper(open_bytes(file), encoding=encoding, errors="strict", newline="")


def detect_encoding(file: SourceFile, limits: Limits) -> str:
    """Read the (decompressed) bytes once, in chunks; return the encoding or raise InputRejected.

    The same pass hashes the raw bytes: a file that no longer matches the hash discover took is
    still being written or was replaced, and is left for a later run.
    """
    utf8 = codecs.getincrementaldecoder("utf-8")("strict")
    is_utf8 = True
    blank = True
    sample = bytearray()
    total = 0
    with HashingReader(file.path) as raw, open_bytes(file, raw) as stream:
        while chunk := stream.read(READ_CHUNK_BYTES):
            if total == 0 and chunk.startswith(codecs.BOM_UTF8):
                blank = blank and not chunk[len(codecs.BOM_UTF8):].strip()
            else:
                blank = blank and not chunk.strip()
            nul = chunk.find(b"\0")
            if nul >= 0:
                raise InputRejected(f"binary content (NUL byte at offset {total + nul})")
            total += len(chunk)
            if total > limits.max_file_bytes:
                raise InputRejected(
                    f"decompressed size over the limit of {limits.max_file_bytes} bytes"
                )
            if len(sample) < ENCODING_SAMPLE_BYTES:
                sample += chunk[: ENCODING_SAMPLE_BYTES - len(sample)]
            if is_utf8:
                try:
                    utf8.decode(chunk)
                except UnicodeDecodeError:
                    is_utf8 = False
        while raw.read(READ_CHUNK_BYTES):  # bytes after the end of a gzip stream
            pass
    if file.content_hash is not None and raw.digest.hexdigest() != file.content_hash:
        raise InputRejected("file changed after discovery (still being written?)")
    if is_utf8:
        try:
            utf8.decode(b"", final=True)
        except UnicodeDecodeError:
            is_utf8 = False
    if blank:
        raise InputRejected("empty")
    if is_utf8:
        return "utf-8-sig" if sample.startswith(codecs.BOM_UTF8) else "utf-8"
    return detect_legacy_cyrillic(bytes(sample))


def detect_legacy_cyrillic(sample: bytes) -> str:
    """cp1251 or koi8-r for bytes that are not UTF-8, or raise InputRejected.

    charset-normalizer, restricted to the two, says whether the bytes are text in either at all
    (it rejects mojibake and binary). Which of the two is decided by Russian letter frequencies:
    they stay reliable on short and all-capital text, where charset-normalizer is not (koi8-r
    capitals are cp1251 small letters).
    """
    if charset_normalizer.from_bytes(sample, cp_isolation=["cp1251", "koi8_r"]).best() is not None:
        decoded = {encoding: sample.decode(encoding, errors="replace")
                   for encoding in LEGACY_ENCODINGS}
        encoding = max(decoded, key=lambda name: russian_letter_score(decoded[name]))
        if mostly_russian_letters(decoded[encoding]):
            return encoding
    raise InputRejected("undecodable: not valid UTF-8, nor Russian text in cp1251 or koi8-r")


def russian_letter_score(text: str) -> float:
    """Mean log frequency of the Russian letters in ``text``: higher reads more like Russian."""
    logs = [_LETTER_LOG_FREQUENCY[char] for char in text.lower() if char in _LETTER_LOG_FREQUENCY]
    return sum(logs) / len(logs) if logs else -math.inf


def mostly_russian_letters(text: str) -> bool:
    """At least 80% of the non-ASCII characters are Russian letters.

    UTF-8 read as cp1251 fails this: half its characters are symbols such as "ѓ", "‚", "°".
    """
    non_ascii = [char for char in text if ord(char) > 127]
    letters = sum(1 for char in non_ascii if _RUSSIAN_LETTERS.match(char))
    return bool(non_ascii) and letters >= 0.8 * len(non_ascii)


# --- readers: one per format; each feeds records to the collector --------------------------


def read_txt(stream: TextIO, collector: _Collector, limits: Limits) -> None:
    collector.add_single({"text": _read_article_text(stream, limits)})


def read_md(stream: TextIO, collector: _Collector, limits: Limits) -> None:
    text = _read_article_text(stream, limits)
    match = _FRONT_MATTER.match(text)
    if not match:
        collector.add_single({"text": text})
        return
    try:
        meta = yaml.load(match["yaml"], Loader=_FrontMatterLoader)
    except yaml.YAMLError as exc:
        raise InputRejected(f"invalid YAML front matter: {_one_line(exc)}") from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise InputRejected(f"front matter is not a mapping ({_type_name(meta)})")
    collector.add_single({**meta, "text": text[match.end():]})


class _FrontMatterLoader(yaml.SafeLoader):
    """Safe YAML without aliases: nested aliases expand exponentially once serialised."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise yaml.YAMLError(
                f"aliases are not allowed (line {mark.line + 1}, column {mark.column + 1})"
            )
        return super().compose_node(parent, index)


def read_json(stream: TextIO, collector: _Collector, limits: Limits) -> None:
    try:
        document = json.loads(stream.read())
    except RecursionError:
        raise InputRejected("JSON nested too deeply") from None
    except ValueError as exc:
        raise InputRejected(f"JSON syntax error: {exc}") from None
    if isinstance(document, dict):
        document = [document]
    if not isinstance(document, list):
        raise InputRejected(
            f"JSON top level is {_type_name(document)}, expected an object or a list of objects"
        )
    for index, record in enumerate(document, start=1):
        collector.add(record, f"item {index}")


def read_jsonl(stream: TextIO, collector: _Collector, limits: Limits) -> None:
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        where = f"line {number}"
        if collector.full:  # counted, not parsed
            collector.count_overflow()
            continue
        try:
            record = json.loads(line)
        except RecursionError:
            collector.reject_record(where, "JSON nested too deeply", "json_syntax", line)
            continue
        except ValueError as exc:
            collector.reject_record(where, f"invalid JSON: {exc}", "json_syntax", line)
            continue
        collector.add(record, where, raw=line)


def read_csv(stream: TextIO, collector: _Collector, limits: Limits) -> None:
    # Fields are bounded by the file size limit; the article length check comes later.
    csv.field_size_limit(max(limits.max_file_bytes, 1 << 17))
    first_line = stream.readline()
    reader = csv.reader(itertools.chain([first_line], stream), delimiter=csv_delimiter(first_line),
                        strict=True)
    try:
        header = next(reader, None)
        if header is None:
            raise InputRejected("empty")
        columns = [name.strip().lower() for name in header]
        if columns and columns[0].startswith("\ufeff"):
            columns[0] = columns[0][1:]
        if "text" not in columns:
            raise InputRejected(f"CSV header has no text column (columns: {', '.join(columns)})")
        for row in reader:
            if not row:
                continue
            where = f"line {reader.line_num}"
            if len(row) != len(columns):
                collector.reject_record(
                    where, f"row has {len(row)} fields, the header has {len(columns)}",
                    "csv_shape", json.dumps(row, ensure_ascii=False),
                )
                continue
            collector.add(dict(zip(columns, row)), where)
    except csv.Error as exc:
        raise InputRejected(f"CSV parse error on line {reader.line_num}: {exc}") from None


def csv_delimiter(header: str) -> str:
    """Comma, or semicolon / tab when the header uses those (spreadsheet exports often do)."""
    return max(CSV_DELIMITERS, key=header.count) if any(map(header.count, CSV_DELIMITERS)) else ","


READERS: dict[str, Callable[[TextIO, "_Collector", Limits], None]] = {
    "txt": read_txt,
    "md": read_md,
    "json": read_json,
    "jsonl": read_jsonl,
    "csv": read_csv,
}


def _read_article_text(stream: TextIO, limits: Limits) -> str:
    # One character past the limit tells "too long" without holding the rest.
    text = stream.read(limits.max_article_chars + 1)
    if len(text) > limits.max_article_chars:
        raise InputRejected(f"text too long (over the limit of {limits.max_article_chars} chars)")
    return text


# --- records into articles ----------------------------------------------------------------


@dataclass
class _Collector:
    file: SourceFile
    encoding: str
    limits: Limits
    articles: list[dict] = field(default_factory=list)
    quarantine: list[dict] = field(default_factory=list)
    records: int = 0
    rejected: int = 0
    overflow: int = 0
    ids: dict[str, str] = field(default_factory=dict)  # source_id -> where first seen

    @property
    def full(self) -> bool:
        return self.records >= self.limits.max_records_per_file

    def count_overflow(self) -> None:
        self.overflow += 1

    def add_single(self, record: dict) -> None:
        """The one article of a txt or md file: its id comes from the path alone."""
        self.add(record, "file", single=True)

    def add(self, record: Any, where: str, raw: str | None = None, single: bool = False) -> None:
        if self.full:
            self.count_overflow()
            return
        self.records += 1
        # The record as text, for quarantine rows only: built when a row needs it.
        preview = (lambda: raw) if raw is not None else (lambda: _json_preview(record))
        if not isinstance(record, dict):
            self._reject(where, f"record is not an object ({_type_name(record)})", "record_object",
                         preview)
            return
        text = record.get("text", _MISSING)
        problem = _text_problem(text, self.limits)
        if problem:
            value = None if text is _MISSING or text is None else _value_preview(text)
            self._reject(where, problem, "text_valid", preview, column="text", value=value)
            return
        source_id, problem = _source_id(record.get("id"))
        if problem:
            self._reject(where, problem, "id_valid", preview, column="id",
                         value=_value_preview(record["id"]))
            return
        if source_id is not None:
            if source_id in self.ids:
                self._reject(where, f"duplicate id {source_id!r} (first at {self.ids[source_id]})",
                             "id_unique", preview, column="id", value=source_id)
                return
            self.ids[source_id] = where
        if single:
            article_id = make_article_id(self.file.relpath)
        elif source_id is not None:
            article_id = make_article_id(self.file.relpath, f"id:{source_id}")
        else:
            article_id = make_article_id(self.file.relpath, f"at:{where}")
        article = {
            "article_id": article_id,
            "source_id": source_id,
            "source_path": self.file.path,
            "published_at": self._published_at(record, where, article_id),
            "encoding": self.encoding,
            "text": text,
            "content_hash": text_hash(text),
        }
        for name in METADATA_FIELDS:
            article[name] = self._metadata(record, name, where, article_id)
        self.articles.append({column: article[column] for column in ARTICLE_COLUMNS})

    def reject_record(self, where: str, reason: str, check: str, raw_line: str) -> None:
        """A record that could not even be parsed; it still counts against the record limit."""
        if self.full:
            self.count_overflow()
            return
        self.records += 1
        self._reject(where, reason, check, lambda: raw_line)

    def _reject(self, where: str, reason: str, check: str, preview: Callable[[], str],
                column: str | None = None, value: str | None = None) -> None:
        self.rejected += 1
        self.quarantine.append(_row(
            self.file.path, f"{where}: {reason}", table_name="articles", check_name=check,
            column_name=column, value=value, record=_cut(preview(), RECORD_PREVIEW_CHARS),
        ))

    def _metadata(self, record: dict, name: str, where: str, article_id: str) -> str | None:
        value = record.get(name)
        if value is None:
            return None
        if isinstance(value, (bool, dict, list)):
            self._reject_value(where, name, f"{name} is {_type_name(value)}, expected a string",
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
        if isinstance(value, datetime):  # YAML front matter gives real timestamps
            if value.tzinfo is not None:
                value = value.astimezone(timezone.utc).replace(tzinfo=None)
            return value
        if isinstance(value, date):
            return datetime(value.year, value.month, value.day)
        parsed = parse_published_at(value) if isinstance(value, str) else None
        if parsed is None:
            self._reject_value(where, name, f"unparseable {name}", value, article_id)
        return parsed

    def _reject_value(self, where: str, column: str, reason: str, value: Any, article_id: str
                      ) -> None:
        self.quarantine.append(_row(
            self.file.path, f"{where}: {reason}; article loaded with it null",
            table_name="articles", check_name=f"{column}_valid", column_name=column,
            value=_value_preview(value),
            article_id=article_id,
        ))

    def result(self) -> FileIngest:
        if self.overflow:
            self.quarantine.append(_row(
                self.file.path,
                f"{self.overflow} records over the limit of {self.limits.max_records_per_file} "
                "per file were not loaded",
                table_name="articles", check_name="max_records_per_file",
            ))
        not_loaded = self.rejected + self.overflow
        total = self.records + self.overflow
        if self.articles:
            reason = f"{not_loaded} of {total} records quarantined" if not_loaded else None
            return FileIngest(self.file, self.articles, self.quarantine, self.encoding,
                              "loaded", reason)
        reason = f"no usable records ({not_loaded} quarantined)" if total else "no records"
        if not total:
            self.quarantine.append(_file_row(self.file, reason))
        return FileIngest(self.file, [], self.quarantine, self.encoding, "quarantined", reason)


def _text_problem(text: Any, limits: Limits) -> str | None:
    if text is _MISSING:
        return "missing text"
    if text is None:
        return "text is null"
    if not isinstance(text, str):
        return f"text is {_type_name(text)}, expected a string"
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
        return None, f"id is {_type_name(value)}, expected a string or integer"
    text = str(value).strip()
    if _SURROGATE.search(text):
        return None, "id has an unpaired surrogate"
    return text or None, None


# --- quarantine rows ----------------------------------------------------------------------


def _row(source_path: str, reason: str, **values: Any) -> dict:
    row = dict.fromkeys(QUARANTINE_COLUMNS)
    row.update(source_path=source_path, stage=STAGE, reason=reason, **values)
    for column in ("value", "record"):
        if isinstance(row[column], str):  # escape unpaired surrogates so the row can be stored
            row[column] = row[column].encode("utf-8", "backslashreplace").decode("utf-8")
    return row


def _file_row(file: SourceFile, reason: str) -> dict:
    return _row(file.path, reason, table_name="ingest_files", check_name="file_usable")


def _rejected(file: SourceFile, reason: str, encoding: str | None) -> FileIngest:
    return FileIngest(file, [], [_file_row(file, reason)], encoding, "quarantined", reason)


def _type_name(value: Any) -> str:
    return {
        type(None): "null", bool: "a boolean", int: "an integer", float: "a float",
        str: "a string", list: "a list", dict: "an object",
    }.get(type(value), type(value).__name__)


def _json_preview(value: Any) -> str:
    return _cut(json.dumps(value, ensure_ascii=False, default=str), RECORD_PREVIEW_CHARS)


def _value_preview(value: Any) -> str:
    return _cut(value if isinstance(value, str) else _json_preview(value), VALUE_PREVIEW_CHARS)


def _cut(value: str, limit: int) -> str:
    return value if len(value) <= limit else value[:limit]


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())
