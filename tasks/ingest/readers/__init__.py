"""One reader per input format. A reader feeds each record it finds to the collector
(tasks/ingest/records.py); a problem with the file as a whole raises InputRejected, a problem
with one record is the collector's to quarantine.

Text readers get the decoded text stream (tasks/ingest/decode.py picks the encoding). Byte
readers get the decompressed bytes (tasks/ingest/byte_stream.py): a web page names its own
charset, a feed its XML encoding, and a WARC archive is binary.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import BinaryIO, TextIO

from tasks.ingest.readers import csv, feed, html, json, jsonl, md, txt, warc
from tasks.ingest.records import RecordCollector
from tasks.settings import Limits

Reader = Callable[[TextIO, RecordCollector, Limits], None]
ByteReader = Callable[[BinaryIO, RecordCollector, Limits], None]

READERS: dict[str, Reader] = {
    "txt": txt.read,
    "md": md.read,
    "json": json.read,
    "jsonl": jsonl.read,
    "csv": csv.read,
}

BYTE_READERS: dict[str, ByteReader] = {
    "html": html.read,
    "feed": feed.read,
    "warc": warc.read,
}
