"""A proportional date axis for the dashboard's time charts.

Dates sit at their real distance from each other, so years without data show as gaps. The
shown range is chosen from the data: Tukey's far-out fences (quartiles ± 3 × the interquartile
range, weighted by how much each day counts) keep a handful of stray dates (a text that mentions
1925 among news of 2015) from squeezing everything else into one corner; what falls outside is
counted and named by the chart, never silently dropped.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

FENCE = 3.0  # Tukey's "far out": only clear strays leave the range
MIN_MARGIN_DAYS = 31  # a tight cluster still keeps neighbours within a month


@dataclass
class DateRange:
    """The dates a chart shows (inclusive) and the data dates left outside it."""
    first: date
    last: date
    before: list[date] = field(default_factory=list)  # distinct dates left out, earlier
    after: list[date] = field(default_factory=list)  # and later

    def contains(self, day: date) -> bool:
        return self.first <= day <= self.last


def _weighted_quantile(pairs: list[tuple[int, float]], q: float) -> float:
    """The q-quantile of sorted (value, weight) pairs: the first value whose cumulative weight
    reaches q of the total."""
    total = sum(w for _, w in pairs)
    running = 0.0
    for value, weight in pairs:
        running += weight
        if running >= q * total:
            return value
    return pairs[-1][0]


def robust_range(days: dict[date, float]) -> DateRange | None:
    """The dense range of `days` (date → weight, e.g. articles or events that day)."""
    days = {d: w for d, w in days.items() if d is not None and w > 0}
    if not days:
        return None
    pairs = sorted((d.toordinal(), w) for d, w in days.items())
    q1, q3 = _weighted_quantile(pairs, 0.25), _weighted_quantile(pairs, 0.75)
    margin = max(FENCE * (q3 - q1), MIN_MARGIN_DAYS)
    low, high = q1 - margin, q3 + margin
    kept = [v for v, _ in pairs if low <= v <= high]
    return DateRange(
        date.fromordinal(kept[0]), date.fromordinal(kept[-1]),
        [date.fromordinal(v) for v, _ in pairs if v < low],
        [date.fromordinal(v) for v, _ in pairs if v > high])


# ---- calendar units: the bins of a histogram and the steps of the ticks ----------------------

UNITS = ("day", "week", "month", "quarter", "year", "2 years", "5 years", "10 years",
         "20 years", "50 years")
_YEARS = {"year": 1, "2 years": 2, "5 years": 5, "10 years": 10, "20 years": 20, "50 years": 50}
_MONTHS = {"month": 1, "quarter": 3}
_APPROX_DAYS = {"day": 1, "week": 7, "month": 30.44, "quarter": 91.3, **{
    u: 365.25 * n for u, n in _YEARS.items()}}


def floor(day: date, unit: str) -> date:
    """The start of the unit that holds `day` (weeks start on Monday)."""
    if unit == "day":
        return day
    if unit == "week":
        return day - timedelta(days=day.weekday())
    if unit in _MONTHS:
        step = _MONTHS[unit]
        return date(day.year, (day.month - 1) // step * step + 1, 1)
    step = _YEARS[unit]
    return date(day.year // step * step, 1, 1)


def advance(day: date, unit: str) -> date:
    """The start of the next unit after the one starting at `day`."""
    if unit == "day":
        return day + timedelta(days=1)
    if unit == "week":
        return day + timedelta(days=7)
    if unit in _MONTHS:
        months = day.year * 12 + day.month - 1 + _MONTHS[unit]
        return date(months // 12, months % 12 + 1, 1)
    return date(min(day.year + _YEARS[unit], date.max.year), 1, 1)


def label(day: date, unit: str) -> str:
    """A tick's or a bin's name at the precision of its unit."""
    if unit in ("day", "week"):
        return day.isoformat()
    if unit == "month":
        return day.strftime("%Y-%m")
    if unit == "quarter":
        return f"{day.year} Q{(day.month - 1) // 3 + 1}"
    return str(day.year)


def unit_for(first: date, last: date, most: int) -> str:
    """The finest unit that cuts [first, last] into at most `most` pieces."""
    span = (last - first).days + 1
    return next((u for u in UNITS if span / _APPROX_DAYS[u] <= most), UNITS[-1])


def starts(first: date, last: date, unit: str) -> list[date]:
    """The starts of every unit from the one holding `first` to the one holding `last`."""
    out, day = [], floor(first, unit)
    while day <= last:
        out.append(day)
        if day.year >= date.max.year:
            break
        day = advance(day, unit)
    return out


@dataclass
class TimeScale:
    """Maps dates onto [left, right] proportionally; the domain is [start, end) in days."""
    start: date
    end: date
    left: float
    right: float

    def x(self, day: date) -> float:
        span = max((self.end - self.start).days, 1)
        return self.left + (self.right - self.left) * (day - self.start).days / span

    def ticks(self, most: int = 8) -> tuple[str, list[tuple[date, str]]]:
        """Round dates inside the domain, at most `most` of them, and their unit."""
        unit = unit_for(self.start, self.end, most)
        return unit, [(d, label(d, unit)) for d in starts(self.start, self.end, unit)
                      if self.start <= d <= self.end]


def scale_for(shown: DateRange, left: float, right: float, unit: str = "day",
              min_units: int = 1) -> TimeScale:
    """A scale whose domain covers whole `unit`s from the first to the last shown date, widened
    evenly to at least `min_units` of them (one day alone is not drawn as the whole width)."""
    start, end = floor(shown.first, unit), advance(floor(shown.last, unit), unit)
    count = len(starts(start, end - timedelta(days=1), unit))
    for i in range(max(min_units - count, 0)):
        if i % 2 == 0 and start > date.min + timedelta(days=400):
            start = floor(start - timedelta(days=1), unit)
        elif end < date.max - timedelta(days=400):
            end = advance(end, unit)
    return TimeScale(start, end, left, right)
