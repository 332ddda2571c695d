"""An offline HTML dashboard of the warehouse: one self-contained file, charts as inline SVG.

It needs no network and no scripts: styles are inlined, every chart is SVG drawn here from the
report library's results, and every data mark carries `data-*` attributes and a `<title>`
tooltip. Every text from the warehouse is HTML-escaped.
"""
from __future__ import annotations

import html
import os
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from tasks.reporting.library import run_report
from tasks.warehouse.connect import connect

TYPE_COLORS = {"PER": "#4e79a7", "LOC": "#59a14f", "ORG": "#f28e2b"}
QUAD_COLORS = {"cooperation": "#2e9e5b", "conflict": "#d1495b", "neutral": "#8c8c8c"}
OTHER_COLOR = "#9c755f"
MAX_DAY_BARS = 120  # more publication days than this are drawn by month
MAX_REASON_BARS = 15

CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d232a;background:#f4f5f7}
header{background:#1d3557;color:#fff;padding:18px 28px}
header h1{margin:0;font-size:22px}
header p{margin:4px 0 0;opacity:.8}
main{display:grid;grid-template-columns:repeat(auto-fit,minmax(560px,1fr));gap:18px;padding:18px 28px}
section{background:#fff;border-radius:8px;padding:14px 18px;box-shadow:0 1px 3px rgba(0,0,0,.08);overflow-x:auto}
section.wide{grid-column:1/-1}
h2{font-size:16px;margin:0 0 10px}
.cards{display:flex;flex-wrap:wrap;gap:12px}
.card{background:#eef2f7;border-radius:6px;padding:8px 14px;min-width:92px}
.card b{display:block;font-size:20px}
.card span{font-size:12px;color:#56606b}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #e3e6ea;vertical-align:top}
th{background:#f7f8fa;font-weight:600}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.passed{color:#2e7d32}.failed{color:#c62828;font-weight:600}.committed{color:#2e7d32}
.running{color:#a66a00}.quarantined{color:#a66a00}.warning{color:#a66a00}
.columns{display:flex;flex-wrap:wrap;gap:18px}.column{flex:1 1 380px;min-width:0}
h3{font-size:14px;margin:6px 0}
.empty{color:#6b7580;font-style:italic}
.legend{font-size:12px;color:#56606b;margin:4px 0 8px}
.legend i{display:inline-block;width:10px;height:10px;margin:0 4px 0 10px;border-radius:2px}
svg.chart{max-width:100%;height:auto;display:block}
td{white-space:nowrap}td.wrap{white-space:normal;min-width:160px}
svg text{font:11px system-ui,sans-serif;fill:#3a434c}
svg .axis{stroke:#b8bec6;stroke-width:1}
svg .grid{stroke:#eceef1;stroke-width:1}
"""


def esc(value: Any) -> str:
    """Text for HTML content and attribute values."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        value = ", ".join(str(v) for v in value)
    return html.escape(str(value), quote=True)


def data_attrs(attrs: dict[str, Any]) -> str:
    return "".join(f' data-{esc(key)}="{esc(value)}"' for key, value in attrs.items())


@dataclass
class Bar:
    label: str
    value: float
    color: str
    data: dict[str, Any] = field(default_factory=dict)
    tooltip: str = ""


def hbar_chart(chart: str, bars: list[Bar], width: int = 620, label_width: int = 210,
               empty: str = "No data yet.") -> str:
    """Horizontal bars, one row per item, labelled on the left, value on the right."""
    if not bars:
        return f'<p class="empty">{esc(empty)}</p>'
    row, pad = 22, 4
    height = row * len(bars) + pad * 2
    scale = max(b.value for b in bars) or 1
    plot = width - label_width - 60
    parts = [f'<svg class="chart" data-chart="{esc(chart)}" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img">']
    for i, bar in enumerate(bars):
        y = pad + i * row
        length = max(plot * bar.value / scale, 1)
        label = bar.label if len(bar.label) <= 32 else bar.label[:31] + "…"
        parts.append(
            f'<text x="{label_width - 6}" y="{y + 15}" text-anchor="end">{esc(label)}</text>'
            f'<rect class="bar" x="{label_width}" y="{y + 3}" width="{length:.1f}" height="{row - 6}" '
            f'fill="{bar.color}"{data_attrs({"label": bar.label, "value": bar.value, **bar.data})}>'
            f"<title>{esc(bar.tooltip or f'{bar.label}: {bar.value:g}')}</title></rect>"
            f'<text x="{label_width + length + 4:.1f}" y="{y + 15}">{bar.value:g}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def nice_ticks(top: float, count: int = 4) -> list[float]:
    """Round axis values from 0 up to `top`: steps of 1, 2 or 5 times a power of ten."""
    raw = max(top / count, 1)
    magnitude = 10 ** (len(str(int(raw))) - 1)
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    return [step * i for i in range(int(top // step) + 1)]


def stacked_columns(chart: str, periods: list[str], series: dict[str, list[float]],
                    colors: dict[str, str], width: int = 1100, height: int = 240) -> str:
    """Vertical stacked columns: one column per period, one segment per series."""
    if not periods:
        return '<p class="empty">No data yet.</p>'
    left, bottom, top = 48, 36, 10
    plot_w, plot_h = width - left - 10, height - bottom - top
    totals = [sum(values[i] for values in series.values()) for i in range(len(periods))]
    scale = max(totals) or 1
    step = plot_w / len(periods)
    bar_w = min(max(step * 0.8, 1), 48)
    label_every = max(1, round(len(periods) / 12))
    parts = [f'<svg class="chart" data-chart="{esc(chart)}" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img">']
    for value in nice_ticks(scale):
        y = top + plot_h - plot_h * value / scale
        parts.append(f'<line class="grid" x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}"/>'
                     f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{value:g}</text>')
    for i, period in enumerate(periods):
        x = left + i * step + (step - bar_w) / 2
        base = top + plot_h
        for name, values in series.items():
            value = values[i]
            if not value:
                continue
            h = plot_h * value / scale
            base -= h
            parts.append(
                f'<rect class="bar" x="{x:.1f}" y="{base:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                f'fill="{colors.get(name, OTHER_COLOR)}"'
                f'{data_attrs({"period": period, "series": name, "value": value})}>'
                f"<title>{esc(period)} · {esc(name)}: {value:g}</title></rect>"
            )
        if i % label_every == 0:
            parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{height - bottom + 16}" '
                         f'text-anchor="middle">{esc(period)}</text>')
    parts.append(f'<line class="axis" x1="{left}" x2="{width - 10}" y1="{top + plot_h}" '
                 f'y2="{top + plot_h}"/></svg>')
    return "".join(parts)


def timeline_chart(chart: str, events: pl.DataFrame, width: int = 1100) -> str:
    """Dated events as dots on a time axis, one lane per event type, coloured by class."""
    dated = events.filter(pl.col("event_date").is_not_null())
    if dated.is_empty():
        return '<p class="empty">No dated events yet.</p>'
    lanes = sorted(dated["type"].unique().to_list())
    left, right, top, lane_h, bottom = 110, 20, 10, 26, 30
    height = top + lane_h * len(lanes) + bottom
    first, last = dated["event_date"].min(), dated["event_date"].max()
    span = max((last - first).days, 1)
    plot_w = width - left - right

    def x_of(day: date) -> float:
        return left + plot_w * ((day - first).days / span if last != first else 0.5)

    parts = [f'<svg class="chart" data-chart="{esc(chart)}" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img">']
    for i, lane in enumerate(lanes):
        y = top + lane_h * i + lane_h / 2
        parts.append(f'<line class="grid" x1="{left}" x2="{width - right}" y1="{y}" y2="{y}"/>'
                     f'<text x="{left - 8}" y="{y + 4}" text-anchor="end">{esc(lane)}</text>')
    axis_y = top + lane_h * len(lanes)
    parts.append(f'<line class="axis" x1="{left}" x2="{width - right}" y1="{axis_y}" y2="{axis_y}"/>')
    ticks = 6 if last != first else 1
    for tick in range(ticks):
        day = date.fromordinal(first.toordinal() + round(span * tick / 5)) if ticks > 1 else first
        anchor = "start" if tick == 0 and ticks > 1 else "end" if tick == 5 else "middle"
        parts.append(f'<text x="{x_of(day):.1f}" y="{axis_y + 18}" text-anchor="{anchor}">'
                     f"{day.isoformat()}</text>")
    for event in dated.iter_rows(named=True):
        y = top + lane_h * lanes.index(event["type"]) + lane_h / 2
        people = ", ".join(event["participants"] or [])
        places = ", ".join(event["places"] or [])
        tooltip = f"{event['event_date']} {event['type']}: {event['trigger_text']}"
        tooltip += f" — {people}" if people else ""
        tooltip += f" @ {places}" if places else ""
        parts.append(
            f'<circle class="point" cx="{x_of(event["event_date"]):.1f}" cy="{y}" r="5" '
            f'fill="{QUAD_COLORS.get(event["quad_class"], OTHER_COLOR)}" fill-opacity="0.75"'
            f'{data_attrs({"date": event["event_date"], "type": event["type"], "event": event["event_id"]})}>'
            f"<title>{esc(tooltip)}</title></circle>"
        )
    parts.append("</svg>")
    return "".join(parts)


def html_table(df: pl.DataFrame, columns: list[str] | None = None, status_column: str | None = None,
               max_rows: int = 50) -> str:
    """A plain HTML table of the first rows of a result."""
    if df.is_empty():
        return '<p class="empty">Nothing yet.</p>'
    columns = columns or df.columns
    numeric = {c for c in columns if df.schema[c].is_numeric()}
    head = "".join(f"<th>{esc(c)}</th>" for c in columns)
    rows = []
    for row in df.head(max_rows).iter_rows(named=True):
        cells = []
        for c in columns:
            value = row[c]
            if isinstance(value, datetime):
                value = value.isoformat(sep=" ", timespec="seconds")
            if c in numeric:
                css = ' class="num"'
            elif c == status_column:
                css = f' class="{esc(value)}"'
            elif isinstance(value, list) or len(str(value or "")) > 30:
                css = ' class="wrap"'
            else:
                css = ""
            cells.append(f"<td{css}>{esc(value)}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    more = (f'<p class="empty">{df.height - max_rows} more rows: see the report.</p>'
            if df.height > max_rows else "")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>{more}"


def legend(colors: dict[str, str]) -> str:
    return '<div class="legend">' + "".join(
        f'<i style="background:{color}"></i>{esc(name)}' for name, color in colors.items()
    ) + "</div>"


def section(title: str, body: str, wide: bool = False, note: str = "") -> str:
    note_html = f'<p class="legend">{esc(note)}</p>' if note else ""
    css = ' class="wide"' if wide else ""
    return f"<section{css}><h2>{esc(title)}</h2>{note_html}{body}</section>"


# ---- sections ---------------------------------------------------------------------------

def summary_cards(summary: pl.DataFrame) -> str:
    row = summary.row(0, named=True)
    cards = [("articles", row["articles"]), ("dated articles", row["dated_articles"]),
             ("mentions", row["mentions"]), ("entities", row["entities"]),
             ("events", row["events"]), ("committed runs", row["committed_runs"]),
             ("failed runs", row["failed_runs"]), ("last run", row["last_run_id"] or "—")]
    return '<div class="cards">' + "".join(
        f"<div class=\"card\"><b>{esc(value)}</b><span>{esc(name)}</span></div>"
        for name, value in cards
    ) + "</div>"


def stacked_by_type(chart: str, df: pl.DataFrame, period_of) -> str:
    """Columns of mentions per period, one segment per entity type."""
    labels = {row["period"]: period_of(row["period"]) for row in df.iter_rows(named=True)}
    periods = [labels[p] for p in sorted(labels)]
    index = {label: i for i, label in enumerate(periods)}
    series = {t: [0.0] * len(periods) for t in sorted(df["type"].unique().to_list())}
    for row in df.iter_rows(named=True):
        series[row["type"]][index[labels[row["period"]]]] += row["mentions"]
    return legend(TYPE_COLORS) + stacked_columns(chart, periods, series, TYPE_COLORS)


def mentions_section(con: duckdb.DuckDBPyConnection) -> str:
    all_days = run_report(con, "mentions_over_time", {"by": "day"})
    by_day = all_days.filter(pl.col("period").is_not_null())
    note = "Mentions per publication day, by entity type."
    if by_day["period"].n_unique() > MAX_DAY_BARS:
        by_day = run_report(con, "mentions_over_time", {"by": "month"}).filter(
            pl.col("period").is_not_null())
        note = "Mentions per publication month, by entity type."
    undated = all_days.filter(pl.col("period").is_null())["mentions"].sum()
    if undated:
        note += f" {undated} mentions in articles without a publication date are not drawn."
    if by_day.is_empty():
        # No article carries a date: show what each run wrote instead.
        by_run = run_report(con, "mentions_by_run").rename({"run_id": "period"})
        chart = stacked_by_type("mentions-over-time", by_run, lambda run: f"run {run}")
        note = "No article has a publication date: mentions each run wrote, by entity type."
        return section("Mentions over time", chart, wide=True, note=note)
    chart = stacked_by_type("mentions-over-time", by_day, lambda day: day.isoformat())
    return section("Mentions over time", chart, wide=True, note=note)


def top_entities_section(con: duckdb.DuckDBPyConnection, per_type: int = 12) -> str:
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
        columns.append(f'<div class="column"><h3>{esc(title)}</h3>{chart}</div>')
    return section("Top entities", f'<div class="columns">{"".join(columns)}</div>', wide=True,
                   note=f"Mentions of the {per_type} most-mentioned entities of each type.")


def events_section(con: duckdb.DuckDBPyConnection, totals: dict, limit: int = 5000) -> str:
    events = run_report(con, "event_timeline", {"limit": str(limit)})
    undated = totals["events"] - totals["dated_events"]
    note = (f"{totals['events']} events, {totals['dated_events']} dated: the chart and the "
            f"table of the latest below. The {undated} without a date: report event_timeline.")
    dated = events.filter(pl.col("event_date").is_not_null())
    if dated.height < totals["dated_events"]:
        note += f" The chart shows the first {dated.height} in date order."
    chart = legend(QUAD_COLORS) + timeline_chart("event-timeline", dated)
    latest = dated.sort("event_date", descending=True)
    table = html_table(latest, ["event_date", "date_precision", "type", "trigger_text",
                                "participants", "places", "targets"], max_rows=25)
    return section("Event timeline", chart + table, wide=True, note=note)


def contacts_section(con: duckdb.DuckDBPyConnection) -> str:
    pairs = run_report(con, "who_met_whom", {"limit": "20"})
    return section("Who met whom", html_table(
        pairs, ["participant_a", "participant_b", "events", "types", "dates", "places"]),
        note="Co-participants of meetings, talks and phone calls.")


def quality_section(con: duckdb.DuckDBPyConnection) -> str:
    dq = run_report(con, "dq_summary")
    if dq.is_empty():
        return section("Data quality", '<p class="empty">No checks recorded yet.</p>')
    latest_run = dq["run_id"].max()
    checks = dq.filter((pl.col("run_id") == latest_run) & (pl.col("category") == "check"))
    issues = (dq.filter(pl.col("category") != "check")
              .group_by("category", "stage", "name").agg(pl.col("count").sum())
              .sort("count", "name", descending=[True, False]))
    bars = [Bar(f"{r['stage']}: {r['name']}", r["count"],
                "#e15759" if r["category"] == "quarantine" else "#edc948",
                {"category": r["category"], "stage": r["stage"]})
            for r in issues.head(MAX_REASON_BARS).iter_rows(named=True)]
    more = issues.height - len(bars)
    more_note = (f'<p class="empty">{more} rarer reasons: see the dq_summary report.</p>'
                 if more > 0 else "")
    body = (f"<h3>Checks of run {esc(latest_run)}</h3>"
            + html_table(checks, ["stage", "table_name", "name", "count", "status"], "status")
            + "<h3>Quarantined rows and warnings by reason, all runs</h3>"
            + legend({"quarantine": "#e15759", "warning": "#edc948"})
            + hbar_chart("quarantine-by-reason", bars,
                         empty="No row quarantined, no extraction warning.")
            + more_note)
    return section("Data quality", body)


def runs_section(runs: pl.DataFrame) -> str:
    table = html_table(runs, ["run_id", "status", "started_at", "seconds", "files_seen",
                              "articles_new", "articles_changed", "mentions", "entities", "events",
                              "quarantined", "warnings", "error"], "status")
    return section("Run history", table, wide=True)


def build_dashboard(con: duckdb.DuckDBPyConnection, title: str = "Khronika warehouse") -> str:
    """The whole dashboard as one HTML document."""
    summary = run_report(con, "warehouse_summary")
    runs = run_report(con, "run_history", {"limit": "50"})
    built = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    sections = [
        section("Warehouse", summary_cards(summary), wide=True),
        mentions_section(con),
        top_entities_section(con),
        events_section(con, summary.row(0, named=True)),
        quality_section(con),
        contacts_section(con),
        runs_section(runs),
    ]
    return (
        "<!DOCTYPE html>\n<html lang=\"ru\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
        # No request may leave the page: everything is inline.
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "style-src 'unsafe-inline'; img-src data:\">"
        f"<title>{esc(title)}</title><style>{CSS}</style></head><body>"
        f"<header><h1>{esc(title)}</h1><p>Built {esc(built)}</p></header>"
        f"<main>{''.join(sections)}</main></body></html>\n"
    )


def dashboard_path(db_path: str | Path) -> Path:
    """Where a warehouse's dashboard lives: `<db stem>.dashboard.html` next to it."""
    db_path = Path(db_path)
    return db_path.with_name(f"{db_path.stem}.dashboard.html")


def write_dashboard(db_path: str | Path, out_path: str | Path | None = None) -> Path:
    """Open the warehouse read-only and write its dashboard (atomically) to `out_path`."""
    out = Path(out_path) if out_path is not None else dashboard_path(db_path)
    con = connect(db_path, read_only=True)
    try:
        page = build_dashboard(con, title=f"Khronika · {Path(db_path).name}")
    finally:
        con.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(f".{out.name}.{os.getpid()}.part")
    partial.write_text(page, encoding="utf-8")
    partial.replace(out)
    return out
