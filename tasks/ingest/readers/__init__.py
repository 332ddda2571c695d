"""One reader per input format. A reader feeds each record it finds to the collector
(tasks/ingest/records.py); a problem with the file as a whole raises InputRejected, a problem
with one record is the collector's to quarantine.

Text readers get the decoded text stream (tasks/ingest/decode.py picks the encoding). Byte
readers get the decompressed bytes (tasks/ingest/byte_stream.py): a web page names its own
charset, a feed its XML encoding, and a WARC archive is binary.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import BinaryIO, TextIO

from tasks.ingest.readers import csv, json, jsonl, md, txt
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

# Format -> module in this package. Imported on first use: their libraries (trafilatura, lxml,
# feedparser, warcio) would add about half a second to every run's start, pages or not.
BYTE_READERS: dict[str, str] = {
    "html": "html",
    "feed": "feed",
    "warc": "warc",
}


def byte_reader(fmt: str) -> ByteReader:
    return importlib.import_module(f"{__name__}.{BYTE_READERS[fmt]}").read
