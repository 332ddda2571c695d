"""Geometry of the dashboard's SVG charts: positions, sizes, labels, colours, data attributes and
tooltips as plain dataclasses. No markup here: templates/charts.html.j2 draws them."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import polars as pl

from tasks.reporting.dashboard import timeaxis

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
class XTick:
    """A vertical grid line at a round date and its label under the axis."""
    x: float
    y1: float
    y2: float
    label: Text


@dataclass
class Span:
    """A horizontal stroke: the month or year an imprecise date stands for."""
    x1: float
    x2: float
    y: float
    color: str


@dataclass
class TimeChart:
    """Marks on a proportional date axis: x ticks at round dates, y grid (or lanes), and a note
    naming the dates left outside the shown range."""
    chart: str
    width: int
    height: int
    ticks: list[Tick]  # horizontal: the y grid (values or lanes)
    xticks: list[XTick]  # vertical rules at round dates, with their labels
    axis: Rule
    columns: list[Column] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    points: list[Point] = field(default_factory=list)
    outside: list[Text] = field(default_factory=list)
    unit: str = ""  # the width of a column (histograms) or of a tick step
    empty: str = "No data yet."


FONT_PX = 11  # svg text's font size (templates/page.html.j2)
_NARROW, _WIDE = set(" .,:;'!|ilIjtfr()[]-"), set("MWmwЖжШшЩщЮюМмЫыФф")


def text_width(text: str, size: float = FONT_PX) -> float:
    """A generous estimate of a text's drawn width in pixels (no font metrics at build time:
    wide sans-serif faces such as DejaVu Sans are assumed, so real text is never wider)."""
    em = 0.0
    for ch in text:
        if ch in _NARROW:
            em += 0.36
        elif ch in _WIDE:
            em += 0.92
        elif ch.isupper():
            em += 0.76
        else:
            em += 0.64
    return em * size


def fit_text(text: str, width: float) -> str:
    """`text`, cut with an ellipsis so that it fits in `width` pixels."""
    if text_width(text) <= width:
        return text
    while text and text_width(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"


def place_label(name: str, x: float, y: float, r: float, width: int, height: int,
                 taken: list[tuple[float, float, float, float]],
                 dots: list[tuple[float, float, float, float]]) -> Text | None:
    """A dot's label beside it, right, left, above or below, wherever it stays inside the picture
    and overlaps no other dot and no label placed before (callers go most important first, so
    those keep theirs); None where none fits: the dot's tooltip still names it. `taken` grows."""
    w, h = text_width(name), 12.0
    for lx, ly, anchor in ((x + r + 3, y + 4, None), (x - r - 3 - w, y + 4, "end"),
                           (x - w / 2, y - r - 3, "middle"), (x - w / 2, y + r + 11, "middle")):
        box = (lx, ly - h + 2, lx + w, ly + 2)
        if box[0] < 0 or box[2] > width or box[1] < 0 or box[3] > height:
            continue
        if any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3]
               for b in taken + dots):
            continue
        taken.append(box)
        at = {None: lx, "end": lx + w, "middle": lx + w / 2}[anchor]
        return Text(round(at, 1), round(ly, 1), name, anchor)
    return None


def hbar_chart(chart: str, bars: list[Bar], width: int = 620, label_width: int = 210,
               empty: str = "No data yet.") -> HBarChart:
    """Horizontal bars, one row per item, labelled on the left, value on the right. A label too
    long for the label column is cut to fit it (its full text stays in the tooltip)."""
    row, pad = 22, 4
    height = row * len(bars) + pad * 2
    scale = max((b.value for b in bars), default=0) or 1
    value_room = max((text_width(f"{b.value:g}") for b in bars), default=0) + 8
    plot = width - label_width - value_room
    rows = []
    for i, bar in enumerate(bars):
        y = pad + i * row
        length = max(plot * bar.value / scale, 1)
        label = fit_text(bar.label, label_width - 10)
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


def _x_ticks(scale: timeaxis.TimeScale, top: float, bottom: float, most: int = 8) -> list[XTick]:
    """Vertical rules and labels at round dates; labels that would collide with the previous
    one are left out (the rule stays)."""
    _, ticks = scale.ticks(most)
    out, last_end = [], float("-inf")
    for day, name in ticks:
        x = _r(scale.x(day))
        half = text_width(name) / 2
        shown = x - half > last_end + 4 and x - half >= 0 and x + half <= scale.right + 20
        out.append(XTick(x, top, bottom, Text(x, bottom + 16, name if shown else "", "middle")))
        if shown:
            last_end = x + half
    return out


def _outside_marks(shown: timeaxis.DateRange, counts: dict, noun: str, left: float, right: float,
                   y: float) -> list[Text]:
    """'◀ 2 events earlier: 1925-01-01' at the left edge, '… later ▶' at the right one."""
    marks = []
    for days, x, anchor, arrow in ((shown.before, left, "start", "◀ "), (shown.after, right, "end", "")):
        if not days:
            continue
        n = int(sum(counts.get(d, 1) for d in days))
        first = days[0].isoformat() if days is shown.before else days[-1].isoformat()
        when = "earlier" if days is shown.before else "later"
        what = noun if n != 1 else noun.removesuffix("s")
        extreme = "earliest " if days is shown.before else "latest "
        text = f"{arrow}{n} {what} {when} ({extreme if len(days) > 1 else ''}{first})"
        marks.append(Text(x, y, text + ("" if arrow else " ▶"), anchor))
    return marks


def time_histogram(chart: str, days: dict[str, dict[date, float]], colors: dict[str, str],
                   noun: str = "mentions", width: int = 1100, height: int = 250,
                   most_bins: int = 80) -> TimeChart:
    """Stacked columns on a proportional date axis: `days` is series → day → value. Each column
    covers its calendar unit (day, week, month, … chosen from the span), so periods without data
    are gaps of their real width."""
    left, right, top, bottom = 48, 12, 22, 36
    axis = Rule(left, width - right, height - bottom)
    totals: dict[date, float] = {}
    for values in days.values():
        for day, value in values.items():
            totals[day] = totals.get(day, 0) + value
    shown = timeaxis.robust_range(totals)
    if shown is None:
        return TimeChart(chart, width, height, [], [], axis)
    unit = timeaxis.unit_for(shown.first, shown.last, most_bins)
    scale = timeaxis.scale_for(shown, left, width - right, unit, min_units=12)
    bins: dict[date, dict[str, float]] = {}
    for name, values in days.items():
        for day, value in values.items():
            if shown.contains(day):
                slot = bins.setdefault(timeaxis.floor(day, unit), {})
                slot[name] = slot.get(name, 0) + value
    plot_h = height - bottom - top
    peak = max(sum(v.values()) for v in bins.values()) or 1
    ticks = []
    for value in nice_ticks(peak):
        y = top + plot_h - plot_h * value / peak
        ticks.append(Tick(Rule(left, width - right, _r(y)), Text(left - 6, _r(y + 4), f"{value:g}", "end")))
    columns = []
    for start in sorted(bins):
        x1, x2 = scale.x(start), scale.x(timeaxis.advance(start, unit))
        gap = min(1.0, (x2 - x1) * 0.15)
        w = max(x2 - x1 - gap, 1.0)
        base = top + plot_h
        segments = []
        period = timeaxis.label(start, unit)
        for name in days:
            value = bins[start].get(name, 0)
            if not value:
                continue
            h = plot_h * value / peak
            base -= h
            segments.append(Mark(_r(x1 + gap / 2), _r(base), _r(w), _r(h), colors.get(name, OTHER_COLOR),
                                 {"period": period, "start": start, "series": name, "value": value},
                                 f"{period} · {name}: {value:g}"))
        columns.append(Column(segments, None))
    return TimeChart(chart, width, height, ticks, _x_ticks(scale, top, height - bottom),
                     axis, columns=columns,
                     outside=_outside_marks(shown, totals, noun, left, width - right, 12),
                     unit=unit)


def timeline_chart(chart: str, events: pl.DataFrame, width: int = 1100) -> TimeChart:
    """Dated events on a proportional time axis, one lane per event type, coloured by class.
    A date known to the month or year is a dot in the middle of a stroke over that period."""
    dated = events.filter(pl.col("event_date").is_not_null())
    left, right, top, lane_h, bottom = 110, 20, 22, 26, 30
    counts: dict[date, float] = {}
    for day in dated["event_date"].to_list():
        counts[day] = counts.get(day, 0) + 1
    shown = timeaxis.robust_range(counts)
    if shown is None:
        return TimeChart(chart, width, 0, [], [], Rule(left, width - right, top),
                         empty="No dated events yet.")
    dated = dated.filter(pl.col("event_date").is_between(shown.first, shown.last))
    lanes = sorted(dated["type"].unique().to_list())
    height = top + lane_h * len(lanes) + bottom
    axis_y = top + lane_h * len(lanes)
    scale = timeaxis.scale_for(shown, left + 8, width - right - 8, min_units=31)

    def y_of(lane: int) -> float:
        return top + lane_h * lane + lane_h / 2

    lane_ticks = [Tick(Rule(left, width - right, y_of(i)), Text(left - 8, y_of(i) + 4, lane, "end"))
                  for i, lane in enumerate(lanes)]
    points, spans = [], []
    for event in dated.iter_rows(named=True):
        day, precision = event["event_date"], event.get("date_precision") or "day"
        color = QUAD_COLORS.get(event["quad_class"], OTHER_COLOR)
        y = y_of(lanes.index(event["type"]))
        x = scale.x(day)
        if precision in ("month", "year"):
            # The date stands for the whole period: draw it, clipped to the shown range.
            start = timeaxis.floor(day, precision)
            end = min(timeaxis.advance(start, precision), scale.end)
            x1, x2 = scale.x(max(start, scale.start)), scale.x(end)
            spans.append(Span(_r(x1), _r(x2), y, color))
            x = (x1 + x2) / 2
        people = ", ".join(event["participants"] or [])
        places = ", ".join(event["places"] or [])
        when = timeaxis.label(day, precision) if precision in ("month", "year") else day.isoformat()
        tooltip = f"{when} {event['type']}: {event['trigger_text']}"
        tooltip += f" — {people}" if people else ""
        tooltip += f" @ {places}" if places else ""
        points.append(Point(
            _r(x), y, 5, color,
            {"date": day, "precision": precision, "type": event["type"], "event": event["event_id"]},
            tooltip))
    return TimeChart(chart, width, height, lane_ticks, _x_ticks(scale, top, axis_y),
                     Rule(left, width - right, axis_y), spans=spans, points=points,
                     outside=_outside_marks(shown, counts, "events", left, width - right, 12),
                     empty="No dated events yet.")
