"""The offline dashboard: content, escaping, no network, and drawing in headless Chromium."""
from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest
from prefect import flow

from flows.steps.artifacts import publish_dashboard, write_dashboard_file
from tasks.reporting.dashboard import build_dashboard, dashboard_path, write_dashboard
from tasks.warehouse.migrate import apply_migrations
from tests.conftest import ARTIFACTS
from tests.fixture_warehouse import build_fixture_warehouse

CHROMIUM = Path("/usr/bin/chromium")
HOSTILE = '<script>alert("x")</script><img src=https://example.com/x.png>'


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    return build_fixture_warehouse(tmp_path_factory.mktemp("dash") / "fixture.duckdb")


def page_of(db: Path) -> str:
    with duckdb.connect(str(db), read_only=True) as con:
        return build_dashboard(con)


def test_dashboard_shows_the_warehouse(warehouse):
    page = page_of(warehouse)
    assert page.startswith("<!DOCTYPE html>")
    for heading in ["Mentions over time", "Top entities", "Event timeline", "Event map",
                    "Co-mention network", "Data quality", "Who met whom", "Run history"]:
        assert f"<h2>{heading}</h2>" in page
    bars = re.findall(r'data-label="([^"]*)" data-value="([^"]*)" data-entity=', page)
    assert bars[0] == ("Владимир Путин", "9")
    # Seven dated events: the six of October 2025 are drawn, the bank talks of 2000 are a stray
    # date far from them, counted at the chart's edge instead of squeezing the rest.
    assert len(re.findall(r'<circle class="point"', page)) == 6
    assert "◀ 1 event earlier (2000-03-07)" in page
    assert 'data-type="court_ruling"' in page
    assert "articles_schema" in page and "text is empty" in page


def test_dashboard_is_self_contained(warehouse):
    page = page_of(warehouse)
    # Nothing is loaded from anywhere: no src, action or <link>; the only addresses are article
    # links an analyst may click (navigation, not a request the page makes).
    assert not re.search(r"""(?:src|action)\s*=""", page, re.I)
    assert "<link" not in page and "url(" not in page and "@import" not in page
    hrefs = re.findall(r"<a href=\"([^\"]*)\"", page)
    assert hrefs and all(h.startswith("https://lenta.ru/") for h in hrefs)
    assert len(re.findall(r"href=", page)) == len(hrefs)
    assert "default-src 'none'" in page


def test_dashboard_escapes_warehouse_text(tmp_path):
    db = build_fixture_warehouse(tmp_path / "hostile.duckdb")
    with duckdb.connect(str(db)) as con:
        con.execute(
            "INSERT INTO quarantine (run_id, stage, reason, source_path) VALUES (2, 'ingest', ?, ?)",
            [HOSTILE, HOSTILE])
        con.execute("UPDATE articles_history SET title = ? WHERE run_id = 2", [HOSTILE])
    page = page_of(db)
    assert page.count("<script>") == 1 and "<img" not in page  # the one script is the filter
    assert page.index("<script>") > page.index("</main>")
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


def test_dashboard_of_an_empty_warehouse(tmp_path):
    db = tmp_path / "empty.duckdb"
    with duckdb.connect(str(db)) as con:
        apply_migrations(con)
    page = page_of(db)
    assert page.count("None yet.") == 3  # people, places, organisations
    assert "No data yet" in page and "No dated events yet" in page and "No checks recorded" in page
    assert "No event has a place yet." in page and "No entity yet." in page


def test_write_dashboard_next_to_the_warehouse(warehouse):
    path = write_dashboard(warehouse)
    assert path == warehouse.with_name("fixture.dashboard.html") == dashboard_path(warehouse)
    assert "Владимир Путин" in path.read_text(encoding="utf-8")
    assert not list(warehouse.parent.glob(".*.part"))


@pytest.mark.server
def test_publish_dashboard_links_it_from_the_prefect_run(warehouse, tmp_path):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    @flow
    def after_run(db: str, out: str) -> str:
        return publish_dashboard(db, out)

    written = Path(after_run(str(warehouse), str(tmp_path / "run.dashboard.html")))
    assert written.exists()
    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["khronika-dashboard"])))
    assert any(written.as_uri() in (a.data or "") for a in artifacts)


def test_dashboard_on_the_seed_warehouse(seed_warehouse):
    page = page_of(seed_warehouse)
    assert 'data-label="Владимир Путин"' in page
    assert "mention_text_matches_article" in page


def render(page_file: Path, screenshot: Path) -> dict:
    """Open a dashboard in headless Chromium with every non-file request refused."""
    sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright
    requests, errors = [], []

    def guard(route):
        requests.append(route.request.url)
        if route.request.url.startswith(("file:", "data:")):
            route.continue_()
        else:
            route.abort()

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run"])
        try:
            page = browser.new_page(viewport={"width": 1300, "height": 900})
            page.route("**/*", guard)
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.goto(page_file.as_uri())
            page.wait_for_load_state("load")
            drawn = page.evaluate("""() => {
                const marks = (chart, sel) => [...document.querySelectorAll(
                    `svg[data-chart^="${chart}"] ${sel}`)];
                const visible = els => els.filter(e => {
                    const b = e.getBBox(); return b.width > 0 && b.height > 0; }).length;
                const charts = {};
                for (const [chart, sel] of [["mentions-over-time", "rect[data-value]"],
                                            ["top-entities", "rect[data-value]"],
                                            ["quarantine-by-reason", "rect[data-value]"],
                                            ["event-timeline", "circle[data-date]"]]) {
                    const els = marks(chart, sel);
                    charts[chart] = {marks: els.length, visible: visible(els)};
                }
                charts.title = document.title;
                return charts;
            }""")
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(screenshot), full_page=True)
        finally:
            browser.close()
    drawn["external_requests"] = [u for u in requests if not u.startswith(("file:", "data:"))]
    drawn["errors"] = errors
    return drawn


needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="Debian's chromium is not installed at /usr/bin/chromium (apt-get install chromium)")


def draw(db: Path, screenshot: str, tmp_path: Path) -> dict:
    """Write the warehouse's dashboard, draw it offline and keep a screenshot for CI."""
    drawn = render(write_dashboard(db, tmp_path / "page.dashboard.html"), ARTIFACTS / screenshot)
    assert drawn["external_requests"] == [] and drawn["errors"] == []
    assert (ARTIFACTS / screenshot).stat().st_size > 10_000
    return drawn


@pytest.mark.browser
@needs_chromium
def test_dashboard_draws_in_headless_chromium(warehouse, tmp_path):
    drawn = draw(warehouse, "dashboard-fixture.png", tmp_path)
    assert drawn["top-entities"] == {"marks": 18, "visible": 18}
    assert drawn["event-timeline"] == {"marks": 6, "visible": 6}  # the stray 2000 event is counted at the edge
    assert drawn["quarantine-by-reason"] == {"marks": 3, "visible": 3}
    assert drawn["mentions-over-time"]["visible"] == drawn["mentions-over-time"]["marks"] > 0


@pytest.mark.browser
@needs_chromium
def test_seed_dashboard_draws_in_headless_chromium(seed_warehouse, tmp_path):
    drawn = draw(seed_warehouse, "dashboard.png", tmp_path)
    assert drawn["top-entities"]["visible"] == drawn["top-entities"]["marks"] > 0
    assert drawn["mentions-over-time"]["visible"] == drawn["mentions-over-time"]["marks"] > 0


@pytest.mark.server
def test_publish_dashboard_fails_its_task_clearly_without_a_warehouse(tmp_path):
    @flow
    def after_run(db: str) -> tuple[bool, str]:
        state = write_dashboard_file(db, return_state=True)
        return state.is_failed(), state.message

    failed, message = after_run(str(tmp_path / "missing.duckdb"))
    assert failed and "no warehouse at" in message
    assert not (tmp_path / "missing.dashboard.html").exists()


def test_dashboard_draws_the_commonest_quarantine_reasons(tmp_path):
    db = build_fixture_warehouse(tmp_path / "noisy.duckdb")
    with duckdb.connect(str(db)) as con:
        con.executemany(
            "INSERT INTO quarantine (run_id, stage, reason) VALUES (2, 'validate', ?)",
            [[f"rare reason {n}"] for n in range(15)])
    page = page_of(db)
    chart = re.search(r'<svg class="chart" data-chart="quarantine-by-reason".*?</svg>', page).group(0)
    assert chart.count("<rect ") == 15
    assert 'data-label="validate: text is empty" data-value="2"' in chart  # the commonest first
    assert "3 rarer reasons: see the dq_summary report." in page


def test_each_run_writes_its_dashboard_next_to_the_warehouse(seed_run):
    page = dashboard_path(seed_run["db"])
    assert Path(seed_run["summary"]["dashboard"]).resolve() == page.resolve()
    assert 'data-label="Владимир Путин"' in page.read_text(encoding="utf-8")


def test_event_timeline_says_when_it_draws_only_the_first_events(warehouse):
    from tasks.reporting.dashboard import events_section
    from tasks.reporting.library import run_report

    with duckdb.connect(str(warehouse), read_only=True) as con:
        totals = run_report(con, "warehouse_summary").row(0, named=True)
        complete = events_section(con, totals)
        cut = events_section(con, totals, limit=3)
    assert "8 events, 7 dated" in complete and "The chart shows the first" not in complete
    assert complete.count('<circle class="point"') == 6  # and one stray date at the edge
    assert "The chart shows the first 3 in date order." in cut
    assert cut.count('<circle class="point"') == 3
