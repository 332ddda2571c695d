"""``.warc`` / ``.warc.gz``: a web archive, one article per HTML page it holds (warcio).

The archive streams record by record (warcio undoes each record's own gzip member), so its size
is no limit; each page is capped at ``max_file_bytes`` instead. Every ``response`` record with
HTTP status 2xx and an HTML body goes through the page extractor (tasks/ingest/html_page.py):
its URL is the page's canonical URL, else ``WARC-Target-URI``; its date the page's, else
``WARC-Date``. Requests, metadata, non-HTML bodies, redirects and HTTP errors are skipped and
counted in the file's ledger reason; an HTML page with no article (or binary, or over the
parser's limits) is a quarantined record. An archive cut or damaged mid-record keeps the pages
before the damage and gets one quarantine row saying where the rest was lost.
"""
from __future__ import annotations

import zlib
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from tasks.ingest.decode import InputRejected
from tasks.ingest.html_page import extract_page, http_charset
from tasks.ingest.records import RecordCollector
from tasks.settings import Limits

SKIP_CHUNK_BYTES = 1 << 16
HTML_TYPES = ("text/html", "application/xhtml+xml")
# What warcio raises on a cut or garbled archive: its own error, gzip's, and (on headers cut
# short) plain Python errors from its parser. Only warcio's calls are guarded by it.
READ_DAMAGE = (ArchiveLoadFailed, EOFError, zlib.error, OSError, ValueError, AttributeError,
               TypeError, KeyError, IndexError)


def read(stream: BinaryIO, collector: RecordCollector, limits: Limits) -> None:
    records = ArchiveIterator(stream)
    number = 0
    while True:
        try:
            record = next(records, None)
        except READ_DAMAGE as exc:
            return collector.damaged(_damage(number + 1, records.offset, exc))
        if record is None:
            return _check_the_end(stream, records.offset, number, collector)
        number += 1
        if not record.rec_type or record.length is None:  # headers cut short: no type, no length
            return collector.damaged(_damage(number, records.offset, EOFError(
                "record headers incomplete (no WARC-Type or Content-Length)")))
        kind = _kind(record)
        if kind != "page":
            try:
                cut_short = _skip_body(record)
            except READ_DAMAGE as exc:
                return collector.damaged(_damage(number, records.offset, exc))
            if cut_short:
                return collector.damaged(_damage(number, records.offset, EOFError(
                    f"record ends {cut_short} bytes early")))
            collector.skip(kind)
            continue
        try:
            body = record.content_stream().read(limits.max_file_bytes + 1)
        except READ_DAMAGE as exc:
            return collector.damaged(_damage(number, records.offset, exc))
        if record.raw_stream.limit > 0 and len(body) <= limits.max_file_bytes:
            return collector.damaged(_damage(number, records.offset, EOFError(
                f"record ends {record.raw_stream.limit} bytes early")))
        url = record.rec_headers.get_header("WARC-Target-URI")
        where = f"record {number} ({url})"
        if len(body) > limits.max_file_bytes:
            collector.reject_record(where, f"page over the size limit of {limits.max_file_bytes} bytes",
                                    "file_usable", url or "")
            continue
        try:
            page = extract_page(body, http_charset(record.http_headers.get_header("Content-Type")))
        except InputRejected as exc:
            collector.reject_record(where, str(exc), "file_usable", url or "")
            continue
        collector.add(page.record(url, record.rec_headers.get_header("WARC-Date")), where,
                      encoding=page.encoding)


def _skip_body(record) -> int:
    """Read past a record that is no page, in chunks; how many of its bytes were missing."""
    while record.raw_stream.read(SKIP_CHUNK_BYTES):
        pass
    return getattr(record.raw_stream, "limit", 0)


def _damage(number: int, offset: int, exc: BaseException) -> str:
    return f"archive damaged at record {number} (offset {offset}): {_plain(exc)}; the rest was not read"


def _check_the_end(stream: BinaryIO, end: int, number: int, collector: RecordCollector) -> None:
    """warcio ends quietly when an archive is cut inside a record's headers: bytes past the
    end of the last whole record mean the archive was cut there."""
    while stream.read(1 << 20):
        pass
    left = stream.tell() - end
    if left > 0:
        collector.damaged(f"archive damaged at record {number + 1} (offset {end}): the last "
                          f"{left} bytes are not a whole record; the rest was not read")


def _kind(record) -> str:
    """``page``, or why the record is no article."""
    if record.rec_type != "response":
        return record.rec_type
    if record.http_headers is None:
        return "non-HTTP response"
    status = record.http_headers.get_statuscode() or ""
    if not status.startswith("2"):
        return "redirect" if status.startswith("3") else f"HTTP {status or 'status missing'}"
    content_type = (record.http_headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
    return "page" if content_type in HTML_TYPES else "non-HTML"


def _plain(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
