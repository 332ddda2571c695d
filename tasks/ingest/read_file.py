"""Read one discovered file into article records and quarantine rows.

Formats (one reader each, in tasks/ingest/readers/): ``txt``, ``md`` with optional YAML front
matter, ``json``, ``jsonl`` and ``csv`` read decoded text; ``html`` (and the other byte formats)
read the decompressed bytes; any of them may be gzip-compressed. Bad input never
raises: a file refused as a whole becomes one quarantine row (tasks/ingest/decode.py says which
bytes are refused), a bad record or value its own row (tasks/ingest/records.py).
"""
from __future__ import annotations

import gzip
import zlib

from tasks.ingest.byte_stream import read_byte_stream
from tasks.ingest.decode import InputRejected, detect_encoding, open_text
from tasks.ingest.discover import CONTAINER_FORMATS, SourceFile
from tasks.ingest.field_map import load_field_map
from tasks.ingest.readers import BYTE_READERS, READERS, byte_reader
from tasks.ingest.records import FileIngest, RecordCollector, file_row
from tasks.settings import Limits

# Formats whose records may come in a crawler's layout (tasks/ingest/field_map.py).
MAPPED_FORMATS = {"json", "jsonl", "csv"}


def ingest_file(file: SourceFile, limits: Limits) -> FileIngest:
    """Articles and quarantine rows of one file.

    A file that discover already skipped or quarantined is not opened; it comes back with the
    same status (and, when quarantined, one quarantine row) so callers can treat all files alike.
    """
    if file.status is not None:
        rows = [] if file.status == "skipped" else [file_row(file, file.reason or file.status)]
        return FileIngest(file, [], rows, None, file.status, file.reason)
    encoding, collector = None, None
    try:
        if file.format in BYTE_READERS:
            collector = RecordCollector(file, None, limits)
            reader = byte_reader(file.format)
            read_byte_stream(
                file, limits, lambda stream: reader(stream, collector, limits),
                container=file.format in CONTAINER_FORMATS)
            encoding = collector.encoding
        else:
            encoding = detect_encoding(file, limits)
            collector = RecordCollector(file, encoding, limits)
            if file.format in MAPPED_FORMATS:
                collector.field_map = load_field_map(file.root)
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
    except Exception as exc:  # noqa: BLE001 — a reader's surprise costs this file, never the run
        reason = f"could not read: {type(exc).__name__}: {' '.join(str(exc).split())[:300]}"
        if collector is None or not collector.articles:
            return _rejected(file, reason, encoding)
        collector.damaged(f"{reason}; the records before it were loaded")
    return collector.result()


def _rejected(file: SourceFile, reason: str, encoding: str | None) -> FileIngest:
    return FileIngest(file, [], [file_row(file, reason)], encoding, "quarantined", reason)
