"""The one way results are shown: a value as text, a result as an aligned text table (CLI, eval)
or a markdown table (Prefect artifacts, run summaries), and result files."""
from __future__ import annotations

import json
import re
import sys
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tasks.reporting.library import ReportError

if TYPE_CHECKING:  # `khronika query` prints a table without loading polars
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
    if out is None:
        sys.stdout.write(text)
    else:
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        Path(out).write_text(text, encoding="utf-8")
