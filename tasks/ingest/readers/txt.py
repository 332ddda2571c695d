"""``.txt``: the whole file is one article."""
from __future__ import annotations

from typing import TextIO

from tasks.ingest.decode import read_article_text
from tasks.ingest.records import RecordCollector
from tasks.settings import Limits


def read(stream: TextIO, collector: RecordCollector, limits: Limits) -> None:
    collector.add_single({"text": read_article_text(stream, limits)})
