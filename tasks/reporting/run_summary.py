"""What a run and a report show: a markdown summary, a data-quality table, the summary file.

The content is built from the warehouse (the run's `runs` row and its own rows in the history
tables), so the UI shows what was committed, not what the flow believed; flows/steps/artifacts.py
turns it into Prefect artifacts.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Iterable

import duckdb

from tasks.reporting.render import json_safe, markdown_cell, markdown_table
from tasks.warehouse.sql import sql_file

TOP_ROWS = 10
# A Prefect table artifact is stored as one JSON document; keep it to a readable size.
MAX_TABLE_ROWS = 500

_KEY_RE = re.compile(r"[^a-z0-9-]+")


def _query(con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> list[dict]:
    cursor = con.execute(sql_file("publish", f"{name}.sql"), params)
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row)) for row in cursor.fetchall()]


def artifact_key(*parts: str) -> str:
    """A Prefect artifact key (lowercase letters, digits, dashes) from free text."""
    return _KEY_RE.sub("-", "-".join(parts).lower()).strip("-")


# ---------------------------------------------------------------- run content

@dataclass
class RunContent:
    run: dict
    new_entities: list[dict]
    new_entities_total: int
    events_by_type: list[dict]
    quarantined: list[dict]
    quarantined_total: int
    dq_results: list[dict]


def collect_run(con: duckdb.DuckDBPyConnection, run_id: int, top: int = TOP_ROWS) -> RunContent:
    """Everything the run's artifacts show, read from the warehouse."""
    runs = con.execute("SELECT * FROM runs WHERE run_id = ?", [run_id])
    columns = [d[0] for d in runs.description]
    row = runs.fetchone()
    if row is None:
        raise LookupError(f"no run {run_id} in the warehouse")
    new_total = con.execute(sql_file("queries", "new_entity_count.sql"), {"run_id": run_id}).fetchone()[0]
    quarantined_total = con.execute("SELECT count(*) FROM quarantine WHERE run_id = ?",
                                    [run_id]).fetchone()[0]
    return RunContent(
        run=dict(zip(columns, row)),
        new_entities=_query(con, "new_entities", run_id=run_id, limit=top),
        new_entities_total=new_total,
        events_by_type=_query(con, "events_by_type", run_id=run_id, limit=top),
        quarantined=_query(con, "quarantined", run_id=run_id, limit=top),
        quarantined_total=quarantined_total,
        dq_results=_query(con, "dq_results", run_id=run_id),
    )


def _count(run: dict, key: str) -> str:
    value = run.get(key)
    return "–" if value is None else f"{value:,}".replace(",", " ")


def run_markdown(content: RunContent, extra: dict | None = None) -> str:
    """The run summary: counts, new entities, events by type, quarantined rows."""
    run = content.run
    started, finished = run.get("started_at"), run.get("finished_at")
    elapsed = (f"{(finished - started).total_seconds():.1f} s"
               if isinstance(started, datetime) and isinstance(finished, datetime) else "–")
    out = [f"# Khronika run {run['run_id']}: {run.get('status', '?')}", ""]
    if run.get("error"):
        out += [f"**Error:** {markdown_cell(run['error'])}", ""]
    overview = [
        {"what": "files", "counts": f"seen {_count(run, 'files_seen')}, loaded "
         f"{_count(run, 'files_loaded')}, unchanged {_count(run, 'files_unchanged')}, "
         f"quarantined {_count(run, 'files_quarantined')}, skipped {_count(run, 'files_skipped')}"},
        {"what": "articles", "counts": f"new {_count(run, 'articles_new')}, changed "
         f"{_count(run, 'articles_changed')}, unchanged {_count(run, 'articles_unchanged')}"},
        {"what": "extracted", "counts": f"mentions {_count(run, 'mentions')}, new entities "
         f"{_count(run, 'entities')}, events {_count(run, 'events')}"},
        {"what": "data quality", "counts": f"quarantined rows {_count(run, 'quarantined')}, "
         f"warnings {_count(run, 'warnings')}"},
        {"what": "run", "counts": f"flow run {run.get('flow_run_id') or '–'}, started "
         f"{markdown_cell(started)}, elapsed {elapsed}, extractor {run.get('extractor_version') or '–'}"},
    ]
    overview += [{"what": key, "counts": value} for key, value in (extra or {}).items()]
    out += [markdown_table(overview), ""]

    shown = len(content.new_entities)
    out += [f"## New entities ({content.new_entities_total}"
            + (f", top {shown}" if shown < content.new_entities_total else "") + ")", "",
            markdown_table(content.new_entities, ["type", "name", "mentions", "articles"]), ""]
    out += ["## Events by type", "",
            markdown_table(content.events_by_type,
                           ["type", "quad_class", "events", "articles", "triggers"]), ""]
    shown = sum(r["rows"] for r in content.quarantined)
    out += [f"## Quarantined rows ({content.quarantined_total}"
            + (f", {shown} shown" if shown < content.quarantined_total else "") + ")", "",
            markdown_table(content.quarantined,
                           ["stage", "reason", "source_path", "table_name", "column_name",
                            "rows", "example_value"]), ""]
    return "\n".join(out)


def dq_table(content: RunContent) -> list[dict]:
    """The data-quality table artifact: one row per check, then warnings by error."""
    return table_rows(content.dq_results)


def table_rows(rows: Iterable[dict], limit: int = MAX_TABLE_ROWS) -> list[dict]:
    """Rows made JSON-safe (dates, lists as text) and cut to `limit` for a table artifact."""
    out = []
    for index, row in enumerate(rows):
        if index >= limit:
            break
        out.append({key: json_safe(value) for key, value in row.items()})
    return out


def write_run_markdown(markdown: str, reports_dir: Path, run_id: int) -> Path:
    """Keep the run summary next to the warehouse, so it outlives the Prefect server's state."""
    reports_dir.mkdir(parents=True, exist_ok=True)
    path = reports_dir / f"run-{run_id}.md"
    path.write_text(markdown, encoding="utf-8")
    return path


# ---------------------------------------------------------------- reports

def report_markdown(name: str, purpose: str, params: dict, rows: list[dict],
                    total_rows: int, result_file: Path | None) -> str:
    """A report result as markdown: what it is, the parameters it ran with, its first rows."""
    out = [f"# Report {name}", "", purpose, ""]
    if params:
        out += [markdown_table([{"parameter": k, "value": v} for k, v in params.items()]), ""]
    shown = len(rows)
    out += [f"{total_rows} row{'s' if total_rows != 1 else ''}"
            + (f", first {shown} shown" if shown < total_rows else "")
            + (f"; full result in `{result_file}`" if result_file else "") + ".", ""]
    out += [markdown_table(rows), ""]
    return "\n".join(out)


def sources_label(sources: list[str] | None) -> str:
    """Short name of a run's sources for its flow run name: "seeds", "inbox, lenta +2"."""
    names = [Path(source).name or str(source) for source in (sources or ["seeds"])]
    return ", ".join(names[:2]) + (f" +{len(names) - 2}" if len(names) > 2 else "")


def summary_text(summary: dict, db: str) -> str:
    """A committed run in a few lines: what the CLI prints and the flow's last log line."""
    s = summary
    return "\n".join([
        f"Khronika run {s['run_id']} committed in {s['elapsed_seconds']:.1f} s (flow run {s.get('flow_run_id')})",
        f"  files       seen {s['files_seen']}: loaded {s['files_loaded']}, unchanged {s['files_unchanged']}, "
        f"quarantined {s['files_quarantined']}, skipped {s['files_skipped']}",
        f"  articles    new {s['articles_new']}, changed {s['articles_changed']}, unchanged {s['articles_unchanged']}"
        + "".join(f", {label} {s[key]}" for key, label in (
            ("articles_renamed", "renamed"), ("articles_removed", "file gone"), ("articles_retired", "retired"),
            ("articles_returned", "back")) if s.get(key)),
        f"  mentions    {s['mentions']}    entities new {s['entities_new']}    events {s['events']}",
        f"  quarantined {s['quarantined']} row(s)    warnings {s['warnings']}",
        f"  warehouse   {db}",
    ] + ([f"  dashboard   {s['dashboard']}"] if s.get("dashboard") else [])
      + [f"  warning     {warning}" for warning in s.get("source_warnings", [])])
