"""The dashboard's analysis features, computed without a browser: time axes, the event table's
links and evidence, the map, the co-mention network and the filter's Content-Security-Policy.
(tests/reporting/test_dashboard_browser.py checks how they draw in Chromium.)"""
from __future__ import annotations

import base64
import hashlib
import re
from datetime import date
from pathlib import Path

import duckdb
import pytest

from tasks.reporting.dashboard import build_dashboard, content_security_policy, filter_script, sections
from tasks.reporting.dashboard.charts import Bar, fit_text, hbar_chart, text_width, time_histogram
from tasks.reporting.dashboard.geo import map_chart
from tasks.reporting.dashboard.network import network_chart
from tasks.reporting.dashboard.timeaxis import TimeScale, robust_range
from tasks.reporting.library import run_report
from tests.fixture_warehouse import build_fixture_warehouse, rebuild_derived

# Publication days of the dated articles in seeds/ (2006–2016, with years between them empty).
SEED_DAYS = [date(2006, 12, 9), date(2008, 9, 29), date(2009, 4, 28), date(2012, 3, 15),
             date(2013, 7, 10), date(2013, 9, 4), date(2015, 8, 12), date(2015, 12, 24),
             date(2016, 10, 11)]


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    return build_fixture_warehouse(tmp_path_factory.mktemp("analysis") / "fixture.duckdb")


@pytest.fixture(scope="module")
def con(warehouse):
    con = duckdb.connect(str(warehouse), read_only=True)
    yield con
    con.close()


# ---- time axes --------------------------------------------------------------------------------

def test_a_decade_of_articles_keeps_every_year():
    shown = robust_range({day: 1 for day in SEED_DAYS})
    assert (shown.first, shown.last) == (SEED_DAYS[0], SEED_DAYS[-1])
    assert shown.before == shown.after == []


def test_a_stray_date_leaves_the_range_and_is_named():
    # News of October 2025 and a sentence about 1925 (the 1925–2026 axis).
    days = {date(2025, 10, d): 3 for d in (7, 9, 24, 28)} | {date(1925, 1, 1): 1}
    shown = robust_range(days)
    assert (shown.first, shown.last) == (date(2025, 10, 7), date(2025, 10, 28))
    assert shown.before == [date(1925, 1, 1)] and shown.after == []


def test_ticks_are_round_dates_in_order():
    scale = TimeScale(date(2006, 10, 1), date(2017, 1, 1), 48, 1088)
    unit, ticks = scale.ticks(8)
    assert unit == "2 years"
    assert [name for _, name in ticks] == ["2008", "2010", "2012", "2014", "2016"]
    xs = [scale.x(day) for day, _ in ticks]
    assert xs == sorted(xs) and 48 < xs[0] and xs[-1] < 1088
    # Proportional: two years are the same width wherever they are.
    assert abs((xs[1] - xs[0]) - (xs[4] - xs[3])) < 1.5


def test_mentions_columns_sit_at_their_dates_with_gaps_between():
    chart = time_histogram("t", {"LOC": {day: 5 for day in SEED_DAYS}}, {"LOC": "#59a14f"})
    starts = [column.segments[0].data["start"] for column in chart.columns]
    xs = [column.segments[0].x for column in chart.columns]
    assert chart.unit == "quarter" and len(chart.columns) == 8  # 2013-07 and 2013-09 share one
    # Distances on the page follow distances in time: 2009→2012 is wider than 2015→2016.
    per_day = (xs[-1] - xs[0]) / (starts[-1] - starts[0]).days
    for (a, xa), (b, xb) in zip(zip(starts, xs), zip(starts[1:], xs[1:])):
        assert abs((xb - xa) - per_day * (b - a).days) < 2.0
    assert chart.outside == []


def test_the_timeline_counts_the_stray_event_at_its_edge(con):
    page = build_dashboard(con)
    chart = re.search(r'<svg class="chart" data-chart="event-timeline".*?</svg>', page, re.DOTALL).group(0)
    assert re.findall(r'data-date="([^"]*)"', chart).count("2000-03-07") == 0
    assert '<text class="outside" x="110" y="12" text-anchor="start">◀ 1 event earlier (2000-03-07)' in chart
    # September 2025 is known to the month: a stroke over the month, the dot in its middle.
    assert chart.count('<line class="span"') == 1
    assert 'data-date="2025-09-01" data-precision="month"' in chart


# ---- labels -----------------------------------------------------------------------------------

def test_long_labels_are_cut_to_their_column_and_keep_their_name():
    name = "Евразийский экономический союз"
    chart = hbar_chart("t", [Bar(name, 7, "#f28e2b"), Bar("МИД", 3, "#f28e2b")], width=420,
                       label_width=170)
    label = chart.rows[0].label.text
    assert label.endswith("…") and name.startswith(label[:-1])
    assert text_width(label) <= 170 - 10
    assert chart.rows[0].bar.data["label"] == name and name in chart.rows[0].bar.tooltip
    assert chart.rows[1].label.text == "МИД" == fit_text("МИД", 160)


# ---- events: links and evidence -------------------------------------------------------------

def event_rows(page: str) -> list[str]:
    table = re.search(r'<div class="table scroll" data-table="events">.*?</table>', page, re.DOTALL).group(0)
    return re.findall(r"<tr data-key=\"[^\"]+\">(.*?)</tr>", table, re.DOTALL)


def test_each_event_links_its_article_and_shows_its_sentence(con):
    page = build_dashboard(con)
    rows = event_rows(page)
    facts = con.execute("SELECT url, evidence, trigger_text FROM event_facts").fetchall()
    assert len(rows) == len(facts) == 8
    banks = con.execute("SELECT url, evidence, trigger_text FROM event_facts "
                        "WHERE url IS NOT NULL").fetchall()
    assert len(banks) == 1
    url, evidence, trigger = banks[0]
    linked = [r for r in rows if f'<a href="{url}" rel="noopener noreferrer" target="_blank">' in r]
    assert len(linked) == 1
    before, after = evidence.split(trigger, 1)
    assert f"{before}<mark>{trigger}</mark>{after}" in linked[0]
    # The seed article has no URL: its events name it without a link.
    assert sum("untitled article seed-210" in r and "<a " not in r for r in rows) == 7


def test_only_web_addresses_become_links(tmp_path):
    db = build_fixture_warehouse(tmp_path / "links.duckdb")
    with duckdb.connect(str(db)) as con:
        con.execute("UPDATE articles_history SET url = 'javascript:alert(1)' WHERE url IS NOT NULL")
        rebuild_derived(con)  # what the load would have kept
        page = build_dashboard(con)
    assert "<a href" not in page
    # The article is still named in its events' rows, as text.
    assert sum("Deutsche Bank" in row for row in event_rows(page)) >= 1


# ---- the map ----------------------------------------------------------------------------------

# GeoNames coordinates (latitude, longitude) of event places in the seed article.
PLACES = [("Баку", 40.37767, 49.89201, "AZ", 3), ("Душанбе", 38.53575, 68.77905, "TJ", 1),
          ("Пекин", 39.9075, 116.39723, "CN", 1), ("Москва", 55.75222, 37.61556, "RU", 1)]


def test_the_map_projects_places_by_their_coordinates():
    chart = map_chart("event-map", [
        {"place_name": n, "latitude": lat, "longitude": lon, "country_code": cc, "events": e,
         "types": ["meeting"]} for n, lat, lon, cc, e in PLACES])
    x, y, w, h = chart.frame
    by_name = {p.data["place"]: p for p in chart.places}
    for place in chart.places:
        assert x <= place.cx <= x + w and y <= place.cy <= y + h
    # East is right, north is up, and a degree is as long across as up (equirectangular).
    assert by_name["Москва"].cx < by_name["Баку"].cx < by_name["Душанбе"].cx < by_name["Пекин"].cx
    assert by_name["Москва"].cy < by_name["Баку"].cy < by_name["Душанбе"].cy
    per_lon = (by_name["Пекин"].cx - by_name["Баку"].cx) / (116.39723 - 49.89201)
    per_lat = (by_name["Душанбе"].cy - by_name["Москва"].cy) / (55.75222 - 38.53575)
    assert abs(per_lon - per_lat) < 0.05
    assert by_name["Баку"].r > by_name["Пекин"].r  # three events against one
    assert "Баку (AZ): 3 events (meeting)" == by_name["Баку"].tooltip
    assert by_name["Москва"].tooltip == "Москва (RU): 1 event (meeting)"
    assert chart.graticule and {t.text for t in chart.labels} >= {"30°N", "60°N", "60°E", "120°E"}


def test_without_coordinates_the_map_says_so_and_names_the_places(con):
    section = sections.places(con)
    text = " ".join(b.get("text", "") for b in section.blocks)
    assert section.note.startswith("No coordinates yet")
    assert "Without coordinates: Душанбе (2), Баку (1), Пекин (1)." in text


# ---- the co-mention network ------------------------------------------------------------------

def test_the_network_joins_entities_named_in_the_same_article(con):
    rows = run_report(con, "co_mention_network")
    nodes = rows.filter(rows["kind"] == "node")
    edges = rows.filter(rows["kind"] == "edge")
    entities = con.execute("SELECT count(*) FROM entities WHERE mention_count > 0").fetchone()[0]
    assert nodes.height == min(30, entities)
    pairs = run_report(con, "co_mentions", {"limit": "1000"})
    node_ids = set(nodes["entity_a"])
    expected = {(r["entity_a"], r["entity_b"], r["articles"]) for r in pairs.iter_rows(named=True)
                if r["entity_a"] in node_ids and r["entity_b"] in node_ids}
    assert set(zip(edges["entity_a"], edges["entity_b"], edges["articles"])) == expected
    # The seed's people and the banks were never named together.
    seed_people = {"Владимир Путин", "Ильхам Алиев"}
    banks = {"Deutsche Bank", "Dresdner Bank"}
    for r in edges.iter_rows(named=True):
        assert not ({r["name_a"], r["name_b"]} & seed_people and {r["name_a"], r["name_b"]} & banks)


def test_the_network_layout_is_deterministic_and_inside_its_box(con):
    first, second = sections.network(con), sections.network(con)
    chart = first.blocks[1]["chart"]
    assert chart == second.blocks[1]["chart"]
    for node in chart.nodes:
        assert node.r <= node.cx <= chart.width - node.r and node.r <= node.cy <= chart.height - node.r
    # Every edge starts and ends at a node's centre.
    centres = {n.data["entity"]: (n.cx, n.cy) for n in chart.nodes}
    for edge in chart.edges:
        assert (edge.x1, edge.y1) == centres[edge.data["a"]]
        assert (edge.x2, edge.y2) == centres[edge.data["b"]]


def test_an_empty_network():
    assert network_chart("c", [], []).nodes == []


# ---- the filter script and the Content-Security-Policy --------------------------------------

def test_the_policy_admits_only_the_filter_script_and_no_request(con):
    page = build_dashboard(con)
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page).group(1)
    scripts = re.findall(r"<script>(.*?)</script>", page, re.DOTALL)
    assert scripts == [filter_script()]
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'none'"  # no connect, img, font, frame, media …
    assert directives["script-src"] == f"'sha256-{digest}'"
    assert "unsafe" not in directives["script-src"] and "connect-src" not in directives
    assert policy == content_security_policy(scripts[0])
    # Every table the filter works on has its box and count.
    for name in ("events", "contacts", "checks", "runs"):
        assert f'<input class="filter" type="search" data-for="{name}"' in page
        assert f'data-table="{name}"><table>' in page


def test_a_single_day_is_a_column_among_empty_days_not_the_whole_width():
    day = date(2000, 3, 7)  # the one dated article of the fixture warehouse
    chart = time_histogram("t", {"ORG": {day: 4}}, {"ORG": "#f28e2b"})
    (column,) = chart.columns
    bar = column.segments[0]
    assert chart.unit == "day" and bar.width < (chart.width - 60) / 10
    assert 48 + (chart.width - 60) * 0.3 < bar.x < 48 + (chart.width - 60) * 0.7  # near the middle
    assert next(t.label.text for t in chart.xticks if t.label.text).startswith("2000-0")


def test_the_map_reads_the_coordinates_of_linked_places(tmp_path):
    """With migration 007 the warehouse links LOC entities to GeoNames (entity_places) and
    event_facts carries their points: the map draws those, and names the places without one."""
    db = build_fixture_warehouse(tmp_path / "geo.duckdb")
    with duckdb.connect(str(db)) as con:
        ids = dict(con.execute("SELECT name, entity_id FROM entities WHERE type = 'LOC'").fetchall())
        for name, lat, lon, cc, _ in PLACES[:2]:  # Баку and Душанбе; Пекин stays unlinked
            con.execute("INSERT INTO entity_places (entity_id, country_code, latitude, longitude, "
                        "feature, candidates, reason, run_id) VALUES (?, ?, ?, ?, 'city', 1, "
                        "'test', 1)", [ids[name], cc, lat, lon])
        rebuild_derived(con)  # what the load would have kept
        section = sections.places(con)
        page = build_dashboard(con)
    chart = section.blocks[0]["chart"]
    assert {p.data["place"]: (p.data["lat"], p.data["lon"]) for p in chart.places} == {
        "Баку": (40.37767, 49.89201), "Душанбе": (38.53575, 68.77905)}
    assert section.note.startswith("2 of 3 event places with coordinates")
    assert "Without coordinates: Пекин (1)." in section.blocks[1]["text"]
    assert page.count('<circle class="place"') == 2 and "Душанбе (TJ): 2 events (meeting)" in page
