"""The one way results are shown: a value as text, a result as an aligned text table (CLI, eval)
or a markdown table (Prefect artifacts, run summaries), and result files."""
from __future__ import annotations

import json
import math
import re
import struct
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tasks.reporting.library import ReportError

if TYPE_CHECKING:  # `khronika query` and `khronika report` write without loading polars
    import duckdb
    import polars as pl

FORMATS = ("table", "csv", "json", "parquet")


def cell_text(value: Any, null: str = "") -> str:
    """One value as text: timestamps to the second, lists comma-separated, floats short."""
    if value is None:
        return null
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return ", ".join(cell_text(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}={cell_text(v)}" for k, v in value.items())
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _numeric_columns(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[bool]:
    """A column is right-aligned when every value in it is a number or null (and one is a number)."""
    return [any(_is_number(row[i]) for row in rows)
            and all(row[i] is None or _is_number(row[i]) for row in rows)
            for i in range(len(columns))]


def text_table(columns: Sequence[str], rows: Sequence[Sequence[Any]], max_width: int = 60,
               null: str = "", count: bool = True) -> str:
    """An aligned text table: numbers right, text left, long cells cut with '…', and the row
    count below unless `count` is False."""
    if not columns:
        return "(no columns)\n"
    numeric = _numeric_columns(columns, rows)
    cells = [[_cut(cell_text(v, null).replace("\n", " "), max_width) for v in row] for row in rows]
    widths = [max([len(name)] + [len(row[i]) for row in cells]) for i, name in enumerate(columns)]

    def line(values: Sequence[str]) -> str:
        return "  ".join(value.rjust(width) if is_num else value.ljust(width)
                         for value, width, is_num in zip(values, widths, numeric)).rstrip()

    out = [line(columns), "  ".join("-" * width for width in widths)]
    out += [line(row) for row in cells]
    if count:
        out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def frame_table(df: pl.DataFrame, max_width: int = 60) -> str:
    """A Polars result as a text table."""
    return text_table(df.columns, df.rows(), max_width)


# Markdown punctuation that could make a value into markup: a link or image ([ ]), raw
# HTML (< > &), emphasis or code (* _ ` ~), a cell border (|). Backslash-escaped, CommonMark
# shows each as the plain character.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|<>~&])")


def markdown_cell(value: Any) -> str:
    """A value as literal markdown text on one line: nothing in it becomes a link, an image,
    HTML or formatting (Prefect renders artifacts as markdown with HTML)."""
    text = cell_text(value).replace("\r", " ").replace("\n", " ")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def markdown_table(rows: list[dict], columns: list[str] | None = None,
                   max_cell: int = 120) -> str:
    """A GitHub-flavoured markdown table of dict rows; long cells are cut with an ellipsis."""
    if not rows:
        return "_none_\n"
    columns = columns or list(rows[0])
    numeric = _numeric_columns(columns, [[row.get(c) for c in columns] for row in rows])
    lines = ["| " + " | ".join(markdown_cell(c) for c in columns) + " |",
             "|" + "|".join("---:" if num else "---" for num in numeric) + "|"]
    lines += ["| " + " | ".join(_cut(markdown_cell(row.get(c)), max_cell) for c in columns) + " |"
              for row in rows]
    return "\n".join(lines) + "\n"


def json_safe(value: Any) -> Any:
    """A value JSON can hold: plain scalars as they are, anything else as its text."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return cell_text(value)


# Spreadsheets run a cell that starts with one of these as a formula (OWASP, CSV injection).
_FORMULA_START = r"^[=+\-@\t\r]"


def spreadsheet_safe(df: pl.DataFrame) -> pl.DataFrame:
    """Text cells that a spreadsheet would run as a formula get a leading apostrophe (OWASP's
    advice), so an article title like `=HYPERLINK(...)` stays text; numbers are left as they are."""
    import polars as pl

    text = [name for name, dtype in df.schema.items() if dtype == pl.String]
    return df.with_columns(
        pl.when(pl.col(name).str.contains(_FORMULA_START)).then(pl.lit("'") + pl.col(name))
        .otherwise(pl.col(name)).alias(name)
        for name in text
    )


def flatten_nested(df: pl.DataFrame) -> pl.DataFrame:
    """Lists and structs as JSON text, for flat formats (CSV)."""
    import polars as pl

    nested = [name for name, dtype in df.schema.items() if dtype.is_nested()]
    return df.with_columns(
        pl.Series(
            name,
            [
                None if v is None else json.dumps(v, ensure_ascii=False, default=str)
                for v in df[name].to_list()
            ],
            dtype=pl.String,
        )
        for name in nested
    )


# DuckDB column types written here as polars would write them; a result with any other type
# (HUGEINT becomes a polars Decimal, INTERVAL, TIME, time zones, ...) goes through polars, so
# the output stays the same either way.
_PLAIN_TYPE = re.compile(
    r"(BOOLEAN|TINYINT|SMALLINT|INTEGER|BIGINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE"
    r"|DECIMAL\(\d+,\s*\d+\)|VARCHAR|DATE|TIMESTAMP)(\[\])*")
_NESTED_TYPE = re.compile(r"[A-Z0-9_]+(\(.*\))?(\[\])+|STRUCT\(.*\)(\[\])*", re.DOTALL)
_NESTED_FORBIDDEN = re.compile(r"HUGEINT|INTERVAL|TIME(?!STAMP\b)|TIMESTAMP[ _]|MAP\(|UNION\(|UUID"
                               r"|ENUM|BLOB|BIT\b|VARINT|BIGNUM")


def plain_types(types: Sequence[str]) -> bool:
    """Whether every column type is one `write_rows` writes exactly as polars does."""
    for name in types:
        name = str(name)
        if _PLAIN_TYPE.fullmatch(name):
            continue
        if _NESTED_TYPE.fullmatch(name) and not _NESTED_FORBIDDEN.search(name):
            continue
        return False
    return True


def _csv_float(value: float, single: bool) -> str:
    """A float as polars writes it in CSV: the shortest text that reads back, `1e-7` and
    `1e+16` past 15 digits either side (Python's repr switches to exponents one decade earlier
    below 1)."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    if single:  # a FLOAT: the shortest text that reads back as the same 32-bit value
        for digits in range(1, 10):
            text = f"{value:.{digits}g}"
            if struct.unpack("f", struct.pack("f", float(text)))[0] == value:
                value = float(text)
                break
    text = repr(value)
    if "e" not in text:
        return text
    mantissa, _, exponent = text.partition("e")
    power = int(exponent)
    if power == -5:
        sign = "-" if mantissa.startswith("-") else ""
        return f"{sign}0.0000{mantissa.lstrip('-').replace('.', '')}"
    return f"{mantissa}e{'+' if power > 0 else '-'}{abs(power)}"


def _csv_field(text: str) -> str:
    if text == "" or any(c in text for c in ',"\n\r'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _csv_cell(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if kind in ("DOUBLE", "FLOAT"):
        return _csv_float(value, kind == "FLOAT")
    if kind == "BOOLEAN":
        return "true" if value else "false"
    if kind == "TIMESTAMP":
        return value.isoformat(timespec="microseconds")
    if kind == "VARCHAR" or kind.endswith("]") or kind.startswith("STRUCT"):
        if not isinstance(value, str):  # nested: JSON text, as flatten_nested makes it
            value = json.dumps(value, ensure_ascii=False, default=str)
        if re.match(_FORMULA_START, value):  # as spreadsheet_safe does
            value = "'" + value
        return _csv_field(value)
    return _csv_field(str(value))


def rows_csv(columns: Sequence[str], types: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """CSV of DuckDB rows, byte for byte as `spreadsheet_safe(flatten_nested(df)).write_csv()`."""
    kinds = [str(t) for t in types]
    lines = [",".join(_csv_field(name) for name in columns)]
    lines += [",".join(_csv_cell(value, kind) for value, kind in zip(row, kinds)) for row in rows]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Fetched:
    """A result read out of DuckDB: its rows, or for parquet and the rare types of
    `plain_types` a polars frame."""
    columns: list[str]
    types: list[str]
    rows: list[tuple] | None = None
    frame: pl.DataFrame | None = None

    @property
    def height(self) -> int:
        return self.frame.height if self.frame is not None else len(self.rows or [])


def fetch(result: duckdb.DuckDBPyRelation, format: str = "table") -> Fetched:
    """Read a DuckDB result for `write_fetched` (before its connection closes). Table, CSV and
    JSON of the usual column types are written from DuckDB's rows, so polars (about half a
    second of import) loads only for parquet and the rare types of `plain_types`."""
    if format not in FORMATS:
        raise ReportError(f"unknown format {format!r}; use one of {', '.join(FORMATS)}")
    columns, types = list(result.columns), [str(t) for t in result.types]
    if format == "parquet" or not plain_types(types):
        return Fetched(columns, types, frame=result.pl())
    return Fetched(columns, types, rows=result.fetchall())


def write_fetched(result: Fetched, format: str = "table", out: Path | None = None) -> None:
    """Write a fetched result as `write_result` writes the same result."""
    if result.frame is not None:
        write_result(result.frame, format, out)
    else:
        write_rows(result.columns, result.types, result.rows, format, out)


def write_rows(columns: Sequence[str], types: Sequence[str], rows: Sequence[Sequence[Any]],
               format: str = "table", out: Path | None = None) -> None:
    """Write DuckDB rows of `plain_types` as table|csv|json to `out` or stdout: the bytes
    `write_result` writes for the same result."""
    if format not in ("table", "csv", "json"):
        raise ReportError(f"format {format!r} is written by write_result")
    if format == "table":
        text = text_table(columns, rows)
    elif format == "csv":
        text = rows_csv(columns, types, rows)
    else:
        text = json.dumps([dict(zip(columns, row)) for row in rows], ensure_ascii=False,
                          indent=2, default=str) + "\n"
    _emit(text, out)


def _emit(text: str, out: Path | None) -> None:
    if out is None:
        sys.stdout.write(text)
    else:
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        Path(out).write_text(text, encoding="utf-8")


def write_result(df: pl.DataFrame, format: str = "table", out: Path | None = None) -> None:
    """Write a result as table|csv|json|parquet to `out`, or to stdout (not parquet)."""
    if format not in FORMATS:
        raise ReportError(f"unknown format {format!r}; use one of {', '.join(FORMATS)}")
    if format == "parquet":
        if out is None:
            raise ReportError("parquet output needs --out PATH")
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        df.write_parquet(out)
        return
    if format == "table":
        text = frame_table(df)
    elif format == "csv":
        text = spreadsheet_safe(flatten_nested(df)).write_csv()
    else:
        text = json.dumps(df.to_dicts(), ensure_ascii=False, indent=2, default=str) + "\n"
    _emit(text, out)
