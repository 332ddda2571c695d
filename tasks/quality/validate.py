"""Split a frame into rows that load and rows that go to quarantine, with reasons."""
from __future__ import annotations

import json
from dataclasses import dataclass

import pandera.errors
import polars as pl

from tasks.quality.quarantine import QuarantineRow
from tasks.quality.schemas import MODELS, polars_schema


class SchemaLevelError(Exception):
    """The frame as a whole does not fit its table (missing column, wrong dtype): the run fails."""


@dataclass
class Split:
    good: pl.DataFrame
    quarantine: list[QuarantineRow]
    checks: dict[str, int]          # check name -> failing rows


def to_frame(table: str, rows: list[dict]) -> pl.DataFrame:
    """Build a table's frame with its declared dtypes, whatever the rows hold."""
    schema = polars_schema(table)
    return pl.DataFrame(rows, schema=schema, strict=False) if rows else pl.DataFrame(schema=schema)


def _record(row: dict) -> str:
    text = json.dumps(row, ensure_ascii=False, default=str)
    return text if len(text) <= 2000 else text[:2000] + "…"


def split_valid(table: str, frame: pl.DataFrame, source_paths: dict[str, str] | None = None) -> Split:
    """Validate `frame` against its table's model; failing rows become quarantine rows.

    `source_paths` maps article_id to the file it came from, so a quarantined row names it.
    """
    model = MODELS[table]
    try:
        model.validate(frame, lazy=True)
        return Split(frame, [], {})
    except pandera.errors.SchemaErrors as errors:
        failures = errors.failure_cases
    schema_level = failures.filter(pl.col("index").is_null())
    if schema_level.height:
        details = "; ".join(
            f"{row['check']} on {row['column']}: {row['failure_case']}" for row in schema_level.iter_rows(named=True)
        )
        raise SchemaLevelError(f"{table}: {details}")

    rows = frame.with_row_index("__row").to_dicts()
    quarantine, checks = [], {}
    for failure in failures.iter_rows(named=True):
        row = rows[failure["index"]]
        checks[failure["check"]] = checks.get(failure["check"], 0) + 1
        article_id = row.get("article_id")
        quarantine.append(QuarantineRow(
            source_path=row.get("source_path") or (source_paths or {}).get(article_id),
            stage="validate",
            reason=f"{table}.{failure['column']} failed {failure['check']}",
            table_name=table,
            check_name=failure["check"],
            column_name=failure["column"],
            value=None if failure["failure_case"] is None else str(failure["failure_case"])[:500],
            article_id=article_id,
            record=_record({k: v for k, v in row.items() if k != "__row"}),
        ))
    bad = sorted({failure["index"] for failure in failures.iter_rows(named=True)})
    good = frame.with_row_index("__row").filter(~pl.col("__row").is_in(bad)).drop("__row")
    return Split(good, quarantine, checks)


def drop_orphans(split: Split, key: str, orphans: set[str], table: str, reason: str,
                 source_paths: dict[str, str]) -> None:
    """Quarantine rows whose parent row was quarantined (a mention of a refused entity), so
    nothing dangles."""
    if not orphans:
        return
    dropped = split.good.filter(pl.col(key).is_in(list(orphans)))
    split.good = split.good.filter(~pl.col(key).is_in(list(orphans)))
    for row in dropped.iter_rows(named=True):
        split.quarantine.append(QuarantineRow(
            source_paths.get(row["article_id"]), "validate", reason, table_name=table,
            column_name=key, value=row[key], article_id=row["article_id"],
        ))
