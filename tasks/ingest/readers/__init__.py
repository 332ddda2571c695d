"""One reader per input format. A reader takes the decoded text stream of one file and feeds
each record it finds to the collector (tasks/ingest/records.py); a problem with the file as a
whole raises InputRejected, a problem with one record is the collector's to quarantine."""
from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from tasks.ingest.readers import csv, json, jsonl, md, txt
from tasks.ingest.records import RecordCollector
from tasks.settings import Limits

Reader = Callable[[TextIO, RecordCollector, Limits], None]

READERS: dict[str, Reader] = {
    "txt": txt.read,
    "md": md.read,
    "json": json.read,
    "jsonl": jsonl.read,
    "csv": csv.read,
}

