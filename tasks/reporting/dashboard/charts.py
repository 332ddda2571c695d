"""Geometry of the dashboard's SVG charts: positions, sizes, labels, colours, data attributes and
tooltips as plain dataclasses. No markup here: templates/charts.html.j2 draws them."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import polars as pl

TYPE_COLORS = {"PER": "#4e79a7", "LOC": "#59a14f", "ORG": "#f28e2b"}
QUAD_COLORS = {"cooperation": "#2e9e5b", "conflict": "#d1495b", "neutral": "#8c8c8c"}
OTHER_COLOR = "#9c755f"


def _r(value: float) -> float:
    """A coordinate computed from data, to a tenth of a unit (always a float: 48 draws as 48.0)."""
    return round(float(value), 1)


@dataclass
class Bar:
    """One item of a horizontal bar chart, as the sections give it."""
    label: str
    value: float
    color: str
    data: dict[str, Any] = field(default_factory=dict)
    tooltip: str = ""


@dataclass
class Mark:
    """A drawn data mark (bar, segment or point): `data` becomes its `data-*` attributes in order."""
    x: float
    y: float
    width: float
    height: float
    color: str
    data: dict[str, Any]
    tooltip: str


@dataclass
class Point:
    """A dot of the timeline: centre, radius and, like Mark, data attributes and tooltip."""
    cx: float
    cy: float
    r: float
    color: str
    data: dict[str, Any]
    tooltip: str


@dataclass
class Text:
    x: float
    y: float
    text: str
    anchor: str | None = None  # None: SVG's default (start), no attribute written


@dataclass
class Rule:
    """A horizontal grid or axis line."""
    x1: float
    x2: float
    y: float


@dataclass
class HBarRow:
    label: Text
    bar: Mark
    value: Text


@dataclass
class HBarChart:
    chart: str
    width: int
    height: int
    rows: list[HBarRow]
    empty: str


@dataclass
class Tick:
    rule: Rule
    label: Text


@dataclass
class Column:
    segments: list[Mark]
    label: Text | None


@dataclass
class StackedChart:
    chart: str
    width: int
    height: int
    ticks: list[Tick]
    columns: list[Column]
    axis: Rule
    empty: str = "No data yet."


@dataclass
class TimelineChart:
    chart: str
    width: int
    height: int
    lanes: list[Tick]
    axis: Rule
    dates: list[Text]
    points: list[Point]
    empty: str = "No dated events yet."


def hbar_chart(chart: str, bars: list[Bar], width: int = 620, label_width: int = 210,
               empty: str = "No data yet.") -> HBarChart:
    """Horizontal bars, one row per item, labelled on the left, value on the right."""
    row, pad = 22, 4
    height = row * len(bars) + pad * 2
    scale = max((b.value for b in bars), default=0) or 1
    plot = width - label_width - 60
    rows = []
    for i, bar in enumerate(bars):
        y = pad + i * row
        length = max(plot * bar.value / scale, 1)
        label = bar.label if len(bar.label) <= 32 else bar.label[:31] + "…"
        rows.append(HBarRow(
            Text(label_width - 6, y + 15, label, "end"),
            Mark(label_width, y + 3, _r(length), row - 6, bar.color,
                 {"label": bar.label, "value": bar.value, **bar.data},
                 bar.tooltip or f"{bar.label}: {bar.value:g}"),
            Text(_r(label_width + length + 4), y + 15, f"{bar.value:g}"),
        ))
    return HBarChart(chart, width, height, rows, empty)


def nice_ticks(top: float, count: int = 4) -> list[float]:
    """Round axis values from 0 up to `top`: steps of 1, 2 or 5 times a power of ten."""
    raw = max(top / count, 1)
    magnitude = 10 ** (len(str(int(raw))) - 1)
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    return [step * i for i in range(int(top // step) + 1)]


def stacked_columns(chart: str, periods: list[str], series: dict[str, list[float]],
                    colors: dict[str, str], width: int = 1100, height: int = 240) -> StackedChart:
    """Vertical stacked columns: one column per period, one segment per series."""
    left, bottom, top = 48, 36, 10
    plot_w, plot_h = width - left - 10, height - bottom - top
    axis = Rule(left, width - 10, top + plot_h)
    if not periods:
        return StackedChart(chart, width, height, [], [], axis)
    totals = [sum(values[i] for values in series.values()) for i in range(len(periods))]
    scale = max(totals) or 1
    step = plot_w / len(periods)
    bar_w = min(max(step * 0.8, 1), 48)
    label_every = max(1, round(len(periods) / 12))
    ticks = []
    for value in nice_ticks(scale):
        y = top + plot_h - plot_h * value / scale
        ticks.append(Tick(Rule(left, width - 10, _r(y)), Text(left - 6, _r(y + 4), f"{value:g}", "end")))
    columns = []
    for i, period in enumerate(periods):
        x = left + i * step + (step - bar_w) / 2
        base = top + plot_h
        segments = []
        for name, values in series.items():
            value = values[i]
            if not value:
                continue
            h = plot_h * value / scale
            base -= h
            segments.append(Mark(_r(x), _r(base), _r(bar_w), _r(h), colors.get(name, OTHER_COLOR),
                                 {"period": period, "series": name, "value": value},
                                 f"{period} · {name}: {value:g}"))
        label = (Text(_r(x + bar_w / 2), height - bottom + 16, period, "middle")
                 if i % label_every == 0 else None)
        columns.append(Column(segments, label))
    return StackedChart(chart, width, height, ticks, columns, axis)


def timeline_chart(chart: str, events: pl.DataFrame, width: int = 1100) -> TimelineChart:
    """Dated events as dots on a time axis, one lane per event type, coloured by class."""
    dated = events.filter(pl.col("event_date").is_not_null())
    left, right, top, lane_h, bottom = 110, 20, 10, 26, 30
    if dated.is_empty():
        return TimelineChart(chart, width, 0, [], Rule(left, width - right, top), [], [])
    lanes = sorted(dated["type"].unique().to_list())
    height = top + lane_h * len(lanes) + bottom
    first, last = dated["event_date"].min(), dated["event_date"].max()
    span = max((last - first).days, 1)
    plot_w = width - left - right

    def x_of(day: date) -> float:
        return left + plot_w * ((day - first).days / span if last != first else 0.5)

    def y_of(lane: int) -> float:
        return top + lane_h * lane + lane_h / 2

    lane_ticks = [Tick(Rule(left, width - right, y_of(i)), Text(left - 8, y_of(i) + 4, lane, "end"))
                  for i, lane in enumerate(lanes)]
    axis_y = top + lane_h * len(lanes)
    ticks = 6 if last != first else 1
    dates = []
    for tick in range(ticks):
        day = date.fromordinal(first.toordinal() + round(span * tick / 5)) if ticks > 1 else first
        anchor = "start" if tick == 0 and ticks > 1 else "end" if tick == 5 else "middle"
        dates.append(Text(_r(x_of(day)), axis_y + 18, day.isoformat(), anchor))
    points = []
    for event in dated.iter_rows(named=True):
        people = ", ".join(event["participants"] or [])
        places = ", ".join(event["places"] or [])
        tooltip = f"{event['event_date']} {event['type']}: {event['trigger_text']}"
        tooltip += f" — {people}" if people else ""
        tooltip += f" @ {places}" if places else ""
        points.append(Point(
            _r(x_of(event["event_date"])), y_of(lanes.index(event["type"])), 5,
            QUAD_COLORS.get(event["quad_class"], OTHER_COLOR),
            {"date": event["event_date"], "type": event["type"], "event": event["event_id"]},
            tooltip))
    return TimelineChart(chart, width, height, lane_ticks, Rule(left, width - right, axis_y),
                         dates, points)
