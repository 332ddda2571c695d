"""``.html`` / ``.htm``: one saved web page, one article (tasks/ingest/html_page.py extracts it)."""
from __future__ import annotations

from typing import BinaryIO

from tasks.ingest.html_page import extract_page
from tasks.ingest.records import RecordCollector
from tasks.settings import Limits


def read(stream: BinaryIO, collector: RecordCollector, limits: Limits) -> None:
    page = extract_page(stream.read())
    collector.encoding = page.encoding
    collector.add_single(page.record())
