"""``.csv``: a header with at least ``text``; the Lenta.ru dump layout url,title,text,topic,tags,date
works as is. ";" or tab separators are taken from the header line."""
from __future__ import annotations

import csv
import itertools
import json
from typing import TextIO

from tasks.ingest.decode import InputRejected
from tasks.ingest.records import RecordCollector
from tasks.settings import Limits

DELIMITERS = (",", ";", "\t")  # ties go to the first


def read(stream: TextIO, collector: RecordCollector, limits: Limits) -> None:
    # Fields are bounded by the file size limit; the article length check comes later.
    csv.field_size_limit(max(limits.max_file_bytes, 1 << 17))
    first_line = stream.readline()
    reader = csv.reader(itertools.chain([first_line], stream), delimiter=delimiter(first_line),
                        strict=True)
    try:
        header = next(reader, None)
        if header is None:
            raise InputRejected("empty")
        columns = [name.strip().lower() for name in header]
        if columns and columns[0].startswith("\ufeff"):
            columns[0] = columns[0][1:]
        if "text" not in columns and not (collector.field_map and "text" in collector.field_map.fields):
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


def delimiter(header: str) -> str:
    """Comma, or semicolon / tab when the header uses those (spreadsheet exports often do)."""
    return max(DELIMITERS, key=header.count) if any(map(header.count, DELIMITERS)) else ","
