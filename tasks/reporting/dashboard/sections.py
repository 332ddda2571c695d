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
from urllib.parse import urlsplit

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
from tasks.reporting.dashboard.geo import map_chart
from tasks.reporting.dashboard.network import network_chart
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
    href: str | None = None  # the cell is a link to this http(s) address
    mark: tuple[str, str, str] | None = None  # text before, marked part, text after


def web_link(url: str | None) -> str | None:
    """`url` when it is an absolute http(s) address, else None: a warehouse value never becomes a
    `javascript:` or `file:` link."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def marked(sentence: str | None, part: str | None) -> tuple[str, str, str] | None:
    """The sentence split around the first occurrence of `part` (the trigger), to highlight it."""
    if not sentence:
        return None
    at = sentence.find(part) if part else -1
    if at < 0:
        return (sentence, "", "")
    return (sentence[:at], part, sentence[at + len(part):])


@dataclass
class Table:
    columns: list[str]
    rows: list[list[Cell]]
    more: int = 0  # rows left out
    name: str = ""  # data-table: what the filter box and tests find it by
    scroll: bool = False  # a tall table scrolls inside its box
    keys: list[str] | None = None  # each row's data-key (an event's id)


def heading(text: str) -> Block:
    return {"kind": "heading", "text": text}


def muted(text: str) -> Block:
    return {"kind": "muted", "text": text}


def legend(colors: dict[str, str]) -> Block:
    return {"kind": "legend", "colors": colors}


def table(df: pl.DataFrame, columns: list[str] | None = None, status_column: str | None = None,
          max_rows: int = 50, name: str = "") -> Block:
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
    return {"kind": "table", "table": Table(columns, rows, max(df.height - max_rows, 0), name=name)}


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


def _event_date(row: dict) -> str:
    """The date an event is filed under, at its precision, saying when it is the publication day."""
    day, precision = row["event_date"], row["date_precision"]
    if day is not None:
        return {"year": f"{day.year} (year)", "month": f"{day:%Y-%m} (month)"}.get(
            precision, day.isoformat())
    if row["reported_on"] is not None:
        return f"{row['reported_on'].isoformat()} (published)"
    return ""


def event_table(timeline: pl.DataFrame, max_rows: int = 300) -> Block:
    """Events, latest first: what happened, who, where, the sentence it was read from (trigger
    marked) and a link to the article."""
    if timeline.is_empty():
        return muted("No event yet.")
    ordered = timeline.sort("event_day", "event_date", descending=True, nulls_last=True)
    rows, keys = [], []
    for row in ordered.head(max_rows).iter_rows(named=True):
        keys.append(row["event_id"])
        title = row["title"] or f"untitled article {row['article_id'][:8]}"
        rows.append([
            Cell(_event_date(row)),
            Cell(row["type"], row["quad_class"] and f"quad-{row['quad_class']}"),
            Cell(row["trigger_text"], "fit"),
            Cell(row["participants"] + row["targets"], "fit"),
            Cell(row["places"], "fit"),
            Cell(row["evidence"], "evidence", mark=marked(row["evidence"], row["trigger_text"])),
            Cell(title, "fit", href=web_link(row["url"])),
        ])
    return {"kind": "table", "table": Table(
        ["date", "type", "trigger", "who", "where", "evidence", "article"], rows,
        max(ordered.height - max_rows, 0), name="events", scroll=True, keys=keys)}


def events(con: duckdb.DuckDBPyConnection, totals: dict, limit: int = 5000) -> Section:
    timeline = run_report(con, "event_timeline", {"limit": str(limit)})
    undated = totals["events"] - totals["dated_events"]
    note = (f"{totals['events']} events, {totals['dated_events']} dated by their text: the "
            f"chart, on a time axis (a stroke is a month or year the text names). The table lists "
            f"every event, latest first (undated ones by their article's day, {undated} with "
            f"no date at all last), with the sentence it was read from and its article.")
    dated = timeline.filter(pl.col("event_date").is_not_null())
    if dated.height < totals["dated_events"]:
        note += f" The chart shows the first {dated.height} in date order."
    chart = timeline_chart("event-timeline", dated)
    if chart.outside:
        note += " Stray dates far from the rest are counted at the chart's edge, not drawn."
    blocks = [legend(QUAD_COLORS), {"kind": "timeline", "chart": chart}, event_table(timeline)]
    return Section("Event timeline", blocks, wide=True, note=note)


def _period(first: Any, last: Any) -> str:
    if first is None:
        return ""
    return first.isoformat() if first == last else f"{first.isoformat()} – {last.isoformat()}"


def contacts(con: duckdb.DuckDBPyConnection) -> Section:
    pairs = run_report(con, "who_met_whom", {"limit": "20"})
    if pairs.is_empty():
        return Section("Who met whom", [muted("Nothing yet.")],
                       note="Co-participants of meetings, talks and phone calls.")
    # Narrow cells that wrap: the card is half the page wide and must not scroll sideways.
    rows = [[Cell(r["participant_a"], "fit"), Cell(r["participant_b"], "fit"),
             Cell(r["events"], "num"), Cell(", ".join(r["types"] or []), "fit"),
             Cell(_period(r["first_date"], r["last_date"]), "period"),
             Cell(", ".join(r["places"] or []), "fit")]
            for r in pairs.iter_rows(named=True)]
    return Section("Who met whom", [{"kind": "table", "table": Table(
        ["who", "with", "events", "types", "when", "where"], rows, name="contacts")}],
        note="Co-participants of meetings, talks and phone calls; when: the first and last day.")


def network(con: duckdb.DuckDBPyConnection, nodes: int = 30) -> Section:
    """Who is named with whom: the most-mentioned entities and the articles they share."""
    rows = run_report(con, "co_mention_network", {"nodes": str(nodes)})
    node_rows = [{"entity_id": r["entity_a"], "name": r["name_a"], "type": r["type_a"],
                  "mentions": r["mentions"], "articles": r["articles"]}
                 for r in rows.filter(pl.col("kind") == "node").iter_rows(named=True)]
    edge_rows = rows.filter(pl.col("kind") == "edge").to_dicts()
    chart = network_chart("co-mentions", node_rows, edge_rows)
    note = (f"The {len(node_rows)} most-mentioned entities; a line joins two named in the same "
            f"article, thicker for more articles ({len(edge_rows)} pairs). Layout: "
            "force-directed, the same for the same data.")
    unlabelled = sum(node.label is None for node in chart.nodes)
    if unlabelled:
        note += f" {unlabelled} dots without room for a label name themselves on hover."
    return Section("Co-mention network", [legend(TYPE_COLORS), {"kind": "network", "chart": chart}],
                   note=note)


def places(con: duckdb.DuckDBPyConnection) -> Section:
    """Where events happen, on a map of the places that have coordinates."""
    # event_facts carries each place's point from entity_places (migration 007); a warehouse
    # read before its next run upgrades it has none, and the map says so.
    found = run_report(con, "event_places", {"limit": "500"}).to_dicts()
    located = [p for p in found if p["latitude"] is not None and p["longitude"] is not None]
    missing = [p for p in found if p not in located]
    chart = map_chart("event-map", located)
    if not found:
        return Section("Event map", [muted("No event has a place yet.")])
    note = (f"{len(located)} of {len(found)} event places with coordinates, sized by their events "
            "(equirectangular, fitted to the places).")
    blocks: list[Block] = [{"kind": "map", "chart": chart}]
    if not located:
        note = "No coordinates yet: no event place is geocoded in this warehouse."
        blocks = [muted("No coordinates yet.")]
    if missing:
        shown = ", ".join(f"{p['place_name']} ({p['events']})" for p in missing[:12])
        more = f" and {len(missing) - 12} more" if len(missing) > 12 else ""
        blocks.append(muted(f"Without coordinates: {shown}{more}."))
    return Section("Event map", blocks, note=note)


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
              table(checks, ["stage", "table_name", "name", "count", "status"], "status",
                    name="checks"),
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
                  "error"], "status", name="runs")], wide=True)


def all_sections(con: duckdb.DuckDBPyConnection) -> list[Section]:
    """Every section of the page, in order."""
    summary = run_report(con, "warehouse_summary")
    history = run_report(con, "run_history", {"limit": "50"})
    return [warehouse(summary), mentions(con), top_entities(con),
            events(con, summary.row(0, named=True)), places(con), network(con), quality(con),
            contacts(con), runs(history)]
