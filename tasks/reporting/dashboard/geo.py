"""Geometry of the event map: event places on an equirectangular projection, drawn offline.

No tiles and no outlines (no well-kept package ships country shapes for offline use): a
graticule of round meridians and parallels gives the bearings, and the view is fitted to the
places so that a map of Central Asia is not a speck on a world map.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from tasks.reporting.dashboard.charts import Text, fit_text, place_label

PLACE_COLOR = "#e15759"
STEPS = (1, 2, 5, 10, 15, 30, 45, 60)  # graticule spacings in degrees
MIN_SPAN = (24.0, 12.0)  # the smallest view, degrees of longitude and latitude


@dataclass
class Line:
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass
class Place:
    cx: float
    cy: float
    r: float
    label: Text | None
    data: dict[str, Any]
    tooltip: str


@dataclass
class MapChart:
    chart: str
    width: int
    height: int
    frame: tuple[float, float, float, float] = (0, 0, 0, 0)  # x, y, width, height of the map
    graticule: list[Line] = field(default_factory=list)
    labels: list[Text] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    empty: str = "No event place has coordinates yet."


def _view(lons: list[float], lats: list[float], aspect: float) -> tuple[float, float, float, float]:
    """West, east, south, north of a view holding every point with a margin, at the frame's
    aspect (degrees of longitude per degree of latitude), within the world's bounds."""
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    lon_span = max((east - west) * 1.25, MIN_SPAN[0])
    lat_span = max((north - south) * 1.25, MIN_SPAN[1])
    if lon_span / lat_span < aspect:
        lon_span = lat_span * aspect
    else:
        lat_span = lon_span / aspect
    lon_span, lat_span = min(lon_span, 360.0), min(lat_span, 180.0)
    mid_lon, mid_lat = (west + east) / 2, (south + north) / 2
    west = min(max(mid_lon - lon_span / 2, -180.0), 180.0 - lon_span)
    south = min(max(mid_lat - lat_span / 2, -90.0), 90.0 - lat_span)
    return west, west + lon_span, south, south + lat_span


def _step(span: float) -> int:
    return next((s for s in STEPS if span / s <= 6), STEPS[-1])


def _degrees(value: float, positive: str, negative: str) -> str:
    return f"{abs(value):g}°{positive if value > 0 else negative if value < 0 else ''}"


def map_chart(chart: str, places: list[dict], width: int = 560, height: int = 360,
              labelled: int = 12) -> MapChart:
    """`places`: dicts with place_name, latitude, longitude, country_code, events, types (most
    events first); those without coordinates are left out by the caller."""
    if not places:
        return MapChart(chart, width, 0)
    left, top, right, bottom = 34, 8, 8, 20
    frame_w, frame_h = width - left - right, height - top - bottom
    west, east, south, north = _view([p["longitude"] for p in places],
                                     [p["latitude"] for p in places], frame_w / frame_h)

    def x_of(lon: float) -> float:
        return round(left + frame_w * (lon - west) / (east - west), 1)

    def y_of(lat: float) -> float:
        return round(top + frame_h * (north - lat) / (north - south), 1)

    lines, labels = [], []
    step = _step(east - west)
    for lon in range(math.ceil(west / step) * step, math.floor(east) + 1, step):
        lines.append(Line(x_of(lon), top, x_of(lon), top + frame_h))
        labels.append(Text(x_of(lon), height - 6, _degrees(lon, "E", "W"), "middle"))
    step = _step(north - south)
    for lat in range(math.ceil(south / step) * step, math.floor(north) + 1, step):
        lines.append(Line(left, y_of(lat), left + frame_w, y_of(lat)))
        labels.append(Text(left - 4, round(y_of(lat) + 4, 1), _degrees(lat, "N", "S"), "end"))
    most = max(p["events"] for p in places) or 1
    points = [(x_of(p["longitude"]), y_of(p["latitude"]), round(3 + 7 * math.sqrt(p["events"] / most), 1))
              for p in places]
    dots = [(x - r, y - r, x + r, y + r) for x, y, r in points]
    taken: list[tuple[float, float, float, float]] = []
    drawn = []
    for i, (p, (x, y, r)) in enumerate(zip(places, points, strict=True)):
        # Places come with the most events first: they keep their labels where names would collide.
        label = place_label(fit_text(p["place_name"], 110), x, y, r, width, height, taken,
                            dots[:i] + dots[i + 1:]) if i < labelled else None
        country = f" ({p['country_code']})" if p.get("country_code") else ""
        types = ", ".join(p.get("types") or [])
        drawn.append(Place(
            x, y, r, label,
            {"place": p["place_name"], "lat": p["latitude"], "lon": p["longitude"],
             "events": p["events"]},
            f"{p['place_name']}{country}: {p['events']} event{'s' if p['events'] != 1 else ''}"
            + (f" ({types})" if types else "")))
    return MapChart(chart, width, height, (left, top, frame_w, frame_h), lines, labels, drawn)
