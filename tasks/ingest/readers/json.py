"""``.json``: an object, or a list of objects, each one record."""
from __future__ import annotations

import json
from typing import TextIO

from tasks.ingest.decode import InputRejected
from tasks.ingest.records import RecordCollector, type_name
from tasks.settings import Limits


def read(stream: TextIO, collector: RecordCollector, limits: Limits) -> None:
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
            f"JSON top level is {type_name(document)}, expected an object or a list of objects"
        )
    for index, record in enumerate(document, start=1):
        collector.add(record, f"item {index}")
