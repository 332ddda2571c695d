"""``.jsonl``: one object per line; a broken line is quarantined alone."""
from __future__ import annotations

import json
from typing import TextIO

from tasks.ingest.records import RecordCollector
from tasks.settings import Limits


def read(stream: TextIO, collector: RecordCollector, limits: Limits) -> None:
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
