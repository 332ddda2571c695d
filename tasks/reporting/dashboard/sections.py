"""The dashboard's sections: each reads report results and returns what its template draws.

A section is a title, an optional note and a list of blocks (a dict with a `kind`: heading, muted
text, legend, cards, table, columns or one of the charts); templates/sections.html.j2 draws each
kind. Warehouse text stays raw here: the templates escape it.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import duckdb
import polars as pl

from tasks.reporting.dashboard.charts import (
    QUAD_COLORS,
    TYPE_COLORS,
    Bar,
    hbar_chart,
    stacked_columns,
    time_histogram,
    timeline_chart,
)
from tasks.reporting.library import run_report

MAX_REASON_BARS = 15
ISSUE_COLORS = {"quarantine": "#e15759", "warning": "#edc948"}

Block = dict[str, Any]


@dataclass
class Section:
    title: str
    blocks: list[Block]
    wide: bool = False
    note: str = ""


@dataclass
class Cell:
    value: Any
    css: str | None = None  # the cell's class; None writes no class attribute


@dataclass
class Table:
    columns: list[str]
    rows: list[list[Cell]]
    more: int = 0  # rows left out


def heading(text: str) -> Block:
    return {"kind": "heading", "text": text}


def muted(text: str) -> Block:
    return {"kind": "muted", "text": text}


def legend(colors: dict[str, str]) -> Block:
    return {"kind": "legend", "colors": colors}


def table(df: pl.DataFrame, columns: list[str] | None = None, status_column: str | None = None,
          max_rows: int = 50) -> Block:
    """The first rows of a result as a table; numbers right-aligned, long text allowed to wrap."""
    if df.is_empty():
        return muted("Nothing yet.")
    columns = columns or df.columns
    numeric = {c for c in columns if df.schema[c].is_numeric()}
    rows = []
    for row in df.head(max_rows).iter_rows(named=True):
        cells = []
        for c in columns:
            value = row[c]
            if isinstance(value, datetime):
                value = value.isoformat(sep=" ", timespec="seconds")
            if c in numeric:
                css = "num"
            elif c == status_column:
                css = "" if value is None else value  # the status is its own class
            elif isinstance(value, list) or len(str(value or "")) > 30:
                css = "wrap"
            else:
                css = None
            cells.append(Cell(value, css))
        rows.append(cells)
    return {"kind": "table", "table": Table(columns, rows, max(df.height - max_rows, 0))}


# ---- sections ---------------------------------------------------------------------------

def warehouse(summary: pl.DataFrame) -> Section:
    row = summary.row(0, named=True)
    cards = [("articles", row["articles"]), ("dated articles", row["dated_articles"]),
             ("mentions", row["mentions"]), ("entities", row["entities"]),
             ("events", row["events"]), ("committed runs", row["committed_runs"]),
             ("failed runs", row["failed_runs"]), ("last run", row["last_run_id"] or "—")]
    return Section("Warehouse", [{"kind": "cards", "cards": cards}], wide=True)


def stacked_by_type(chart: str, df: pl.DataFrame, period_of: Callable[[Any], str]) -> list[Block]:
    """Columns of mentions per period, one segment per entity type."""
    labels = {row["period"]: period_of(row["period"]) for row in df.iter_rows(named=True)}
    periods = [labels[p] for p in sorted(labels)]
    index = {label: i for i, label in enumerate(periods)}
    series = {t: [0.0] * len(periods) for t in sorted(df["type"].unique().to_list())}
    for row in df.iter_rows(named=True):
        series[row["type"]][index[labels[row["period"]]]] += row["mentions"]
    return [legend(TYPE_COLORS),
            {"kind": "stacked", "chart": stacked_columns(chart, periods, series, TYPE_COLORS)}]


def mentions(con: duckdb.DuckDBPyConnection) -> Section:
    all_days = run_report(con, "mentions_over_time", {"by": "day"})
    by_day = all_days.filter(pl.col("period").is_not_null())
    undated = all_days.filter(pl.col("period").is_null())["mentions"].sum()
    if by_day.is_empty():
        # No article carries a date: show what each run wrote instead.
        by_run = run_report(con, "mentions_by_run").rename({"run_id": "period"})
        blocks = stacked_by_type("mentions-over-time", by_run, lambda run: f"run {run}")
        note = "No article has a publication date: mentions each run wrote, by entity type."
        return Section("Mentions over time", blocks, wide=True, note=note)
    days: dict[str, dict] = {t: {} for t in sorted(by_day["type"].unique().to_list())}
    for row in by_day.iter_rows(named=True):
        days[row["type"]][row["period"]] = row["mentions"]
    chart = time_histogram("mentions-over-time", days, TYPE_COLORS)
    note = (f"Mentions per publication {chart.unit}, by entity type, on a time axis: "
            "empty stretches are periods without articles.")
    if chart.outside:
        note += " Stray dates far from the rest are counted at the chart's edge, not drawn."
    if undated:
        note += f" {undated} mentions in articles without a publication date are not drawn."
    return Section("Mentions over time", [legend(TYPE_COLORS), {"kind": "histogram", "chart": chart}],
                   wide=True, note=note)


def top_entities(con: duckdb.DuckDBPyConnection, per_type: int = 12) -> Section:
    """The most-mentioned people, places and organisations side by side."""
    columns = []
    for type_, title in (("PER", "People"), ("LOC", "Places"), ("ORG", "Organisations")):
        top = run_report(con, "top_entities", {"type": type_, "limit": str(per_type)})
        bars = [Bar(r["name"], r["mentions"], TYPE_COLORS[type_],
                    {"entity": r["entity_id"], "type": type_},
                    f"{r['name']} ({type_}): {r['mentions']} mentions in {r['articles']} articles")
                for r in top.iter_rows(named=True)]
        chart = hbar_chart(f"top-entities-{type_}", bars, width=420, label_width=170,
                           empty="None yet.")
        columns.append({"title": title, "blocks": [{"kind": "hbar", "chart": chart}]})
    return Section("Top entities", [{"kind": "columns", "columns": columns}], wide=True,
                   note=f"Mentions of the {per_type} most-mentioned entities of each type.")


def events(con: duckdb.DuckDBPyConnection, totals: dict, limit: int = 5000) -> Section:
    timeline = run_report(con, "event_timeline", {"limit": str(limit)})
    undated = totals["events"] - totals["dated_events"]
    note = (f"{totals['events']} events, {totals['dated_events']} dated: the chart and the "
            f"table of the latest below. The {undated} without a date: report event_timeline.")
    dated = timeline.filter(pl.col("event_date").is_not_null())
    if dated.height < totals["dated_events"]:
        note += f" The chart shows the first {dated.height} in date order."
    latest = dated.sort("event_date", descending=True)
    blocks = [legend(QUAD_COLORS),
              {"kind": "timeline", "chart": timeline_chart("event-timeline", dated)},
              table(latest, ["event_date", "date_precision", "type", "trigger_text",
                             "participants", "places", "targets"], max_rows=25)]
    return Section("Event timeline", blocks, wide=True, note=note)


def contacts(con: duckdb.DuckDBPyConnection) -> Section:
    pairs = run_report(con, "who_met_whom", {"limit": "20"})
    return Section("Who met whom", [table(
        pairs, ["participant_a", "participant_b", "events", "types", "dates", "places"])],
        note="Co-participants of meetings, talks and phone calls.")


def quality(con: duckdb.DuckDBPyConnection) -> Section:
    dq = run_report(con, "dq_summary")
    if dq.is_empty():
        return Section("Data quality", [muted("No checks recorded yet.")])
    latest_run = dq["run_id"].max()
    checks = dq.filter((pl.col("run_id") == latest_run) & (pl.col("category") == "check"))
    issues = (dq.filter(pl.col("category") != "check")
              .group_by("category", "stage", "name").agg(pl.col("count").sum())
              .sort("count", "name", descending=[True, False]))
    bars = [Bar(f"{r['stage']}: {r['name']}", r["count"],
                ISSUE_COLORS["quarantine" if r["category"] == "quarantine" else "warning"],
                {"category": r["category"], "stage": r["stage"]})
            for r in issues.head(MAX_REASON_BARS).iter_rows(named=True)]
    more = issues.height - len(bars)
    blocks = [heading(f"Checks of run {latest_run}"),
              table(checks, ["stage", "table_name", "name", "count", "status"], "status"),
              heading("Quarantined rows and warnings by reason, all runs"),
              legend(ISSUE_COLORS),
              {"kind": "hbar", "chart": hbar_chart(
                  "quarantine-by-reason", bars, empty="No row quarantined, no extraction warning.")}]
    if more > 0:
        blocks.append(muted(f"{more} rarer reasons: see the dq_summary report."))
    return Section("Data quality", blocks)


def runs(history: pl.DataFrame) -> Section:
    return Section("Run history", [table(
        history, ["run_id", "status", "started_at", "seconds", "files_seen", "articles_new",
                  "articles_changed", "mentions", "entities", "events", "quarantined", "warnings",
                  "error"], "status")], wide=True)


def all_sections(con: duckdb.DuckDBPyConnection) -> list[Section]:
    """Every section of the page, in order."""
    summary = run_report(con, "warehouse_summary")
    history = run_report(con, "run_history", {"limit": "50"})
    return [warehouse(summary), mentions(con), top_entities(con),
            events(con, summary.row(0, named=True)), quality(con), contacts(con), runs(history)]
