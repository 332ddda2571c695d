"""The analyst's dashboard drawn in headless Chromium (Debian's, driven by Playwright) from a real
small warehouse: the seeds (the seed article and nine Lenta.ru articles of 2006–2016) and five
more Lenta.ru articles, run through the real flow. Each test keeps a screenshot in
tests/artifacts/ for CI."""
from __future__ import annotations

import itertools
import shutil
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pytest

from tasks.reporting.dashboard import write_dashboard
from tests.conftest import ARTIFACTS, SAMPLE, SEEDS

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed at "
                       "/usr/bin/chromium (apt-get install chromium)"),
]


@pytest.fixture(scope="module")
def analyst_warehouse(tmp_path_factory, prefect_harness) -> Path:
    """Seeds and a few Lenta.ru articles processed by the real flow."""
    from flows.etl import etl

    root = tmp_path_factory.mktemp("analyst")
    sources = root / "sources"
    shutil.copytree(SEEDS, sources / "seeds")
    shutil.copytree(SAMPLE, sources / "lenta")
    db = root / "khronika.duckdb"
    etl(sources=[str(sources / "seeds"), str(sources / "lenta")], db=str(db))
    return db


@pytest.fixture(scope="module")
def dashboard(analyst_warehouse) -> Path:
    return write_dashboard(analyst_warehouse, analyst_warehouse.with_name("analyst.html"))


@contextmanager
def opened(page_file: Path, width: int = 1300, bypass_csp: bool = False):
    """The dashboard in headless Chromium; every request that is not the file itself is
    recorded and refused."""
    sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright
    requests, errors = [], []

    def guard(route):
        url = route.request.url
        if url == page_file.as_uri():
            route.continue_()
        else:
            requests.append(url)
            route.abort()

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run"])
        try:
            context = browser.new_context(viewport={"width": width, "height": 900},
                                          bypass_csp=bypass_csp)
            context.route("**/*", guard)
            page = context.new_page()
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.goto(page_file.as_uri())
            page.wait_for_load_state("load")
            yield page, requests, errors
        finally:
            browser.close()


def shoot(page, name: str, selector: str | None = None) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    if selector:
        page.locator(selector).first.screenshot(path=str(ARTIFACTS / name))
    else:
        page.screenshot(path=str(ARTIFACTS / name), full_page=True)
    assert (ARTIFACTS / name).stat().st_size > 5_000


def section(title: str) -> str:
    return f'section:has(> h2:text-is("{title}"))'


def test_time_axes_are_proportional_with_gaps(dashboard):
    with opened(dashboard) as (page, requests, errors):
        shoot(page, "dashboard-analyst.png")
        shoot(page, "dashboard-time-axes.png", section("Mentions over time"))
        columns = page.evaluate("""() => {
            const seen = new Map();
            for (const r of document.querySelectorAll('svg[data-chart="mentions-over-time"] rect[data-start]')) {
                const b = r.getBBox(); seen.set(r.dataset.start, [b.x, b.width]); }
            return [...seen.entries()].sort();
        }""")
        ticks = page.evaluate("""() => [...document.querySelectorAll(
            'svg[data-chart="mentions-over-time"] text')].filter(t => /^\\d{4}/.test(t.textContent))
            .map(t => { const b = t.getBBox(); return [t.textContent, b.x, b.x + b.width]; })""")
        points = page.evaluate("""() => {
            const svg = document.querySelector('svg[data-chart="event-timeline"]');
            const axis = svg.querySelector('line.axis').getBBox();
            return [...svg.querySelectorAll('circle[data-date]')].map(c => [
                c.dataset.date, c.dataset.precision, c.cx.baseVal.value, axis.x, axis.x + axis.width]);
        }""")
    assert requests == [] and errors == []
    from datetime import date
    days = [date.fromisoformat(start) for start, _ in columns]
    xs = [x for _, (x, _) in columns]
    # The seeds' articles span 2006–2016 with empty years between: columns keep their distance.
    assert days[0].year == 2006 and days[-1].year == 2016 and len(days) >= 7
    per_day = (xs[-1] - xs[0]) / (days[-1] - days[0]).days
    for (a, xa), (b, xb) in zip(zip(days, xs), zip(days[1:], xs[1:])):
        assert abs((xb - xa) - per_day * (b - a).days) < 2.5
    gaps = [(b - a).days for a, b in itertools.pairwise(days)]
    assert max(gaps) > 900  # 2009 → 2012: a visible gap, not a neighbouring slot
    # Year labels in order, not overlapping.
    assert [int(t[0][:4]) for t in ticks] == sorted(int(t[0][:4]) for t in ticks)
    assert all(right < next_left for (_, _, right), (_, next_left, _) in itertools.pairwise(ticks))
    # Every drawn event lies on the axis, in date order.
    assert len(points) >= 10
    assert all(left <= x <= right for _, _, x, left, right in points)
    by_day = sorted((d, x) for d, precision, x, _, _ in points if precision == "day")
    assert [x for _, x in by_day] == sorted(x for _, x in by_day)


def test_labels_fit_and_no_card_scrolls_sideways(dashboard):
    with opened(dashboard) as (page, requests, errors):
        shoot(page, "dashboard-labels.png", section("Top entities"))
        shoot(page, "dashboard-who-met-whom.png", section("Who met whom"))
        labels = page.evaluate("""() => [...document.querySelectorAll('svg[data-chart^="top-entities"]')]
            .flatMap(svg => { const bar = svg.querySelector('rect').getBBox();
                return [...svg.querySelectorAll('text[text-anchor="end"]')].map(t => {
                    const b = t.getBBox(); return [t.textContent, b.x, b.x + b.width, bar.x]; }); })""")
        overflow = page.evaluate("""() => [...document.querySelectorAll('section')].map(s =>
            [s.querySelector('h2').textContent, s.scrollWidth, s.clientWidth,
             ...[...s.querySelectorAll('.table')].map(t => t.scrollWidth - t.clientWidth)])""")
    assert requests == [] and errors == []
    assert len(labels) >= 30
    for text, left, right, bar in labels:
        assert left >= 0 and right <= bar, text  # not cut on the left, clear of its bar
    assert any(text.endswith("…") for text, *_ in labels)  # a long name was shortened to fit
    for title, scroll, client, *tables in overflow:
        assert scroll <= client and all(extra <= 0 for extra in tables), title


def test_the_event_map(dashboard, analyst_warehouse):
    with duckdb.connect(str(analyst_warehouse), read_only=True) as con:
        geocoded = con.execute("SELECT count(DISTINCT coalesce(place_id, place_name)) FROM event_facts "
                               "WHERE latitude IS NOT NULL").fetchone()[0]
    with opened(dashboard) as (page, requests, errors):
        shoot(page, "dashboard-map.png", section("Event map"))
        text = page.locator(section("Event map")).inner_text()
        places = page.evaluate("""() => {
            const svg = document.querySelector('svg[data-chart="event-map"]');
            if (!svg) return [];
            const sea = svg.querySelector('rect.sea').getBBox();
            return [...svg.querySelectorAll('circle.place')].map(c => [c.dataset.place,
                c.cx.baseVal.value, c.cy.baseVal.value, sea.x, sea.y, sea.x + sea.width, sea.y + sea.height]);
        }""")
        label_overlaps = page.evaluate("""() => {
            const boxes = [...document.querySelectorAll('svg[data-chart="event-map"] text.place-label')]
                .map(t => t.getBBox());
            let n = 0;
            boxes.forEach((a, i) => boxes.forEach((b, j) => { if (i < j && a.x < b.x + b.width &&
                b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height) n++; }));
            return n;
        }""")
    assert requests == [] and errors == []
    if geocoded == 0:
        assert "No coordinates yet" in text and "Without coordinates:" in text and places == []
    else:  # migration 007 links places to GeoNames: every linked place is a dot in the frame
        assert len(places) == geocoded and label_overlaps == 0
        for name, x, y, x0, y0, x1, y1 in places:
            assert x0 <= x <= x1 and y0 <= y <= y1, name


def test_the_co_mention_network(dashboard):
    with opened(dashboard) as (page, requests, errors):
        shoot(page, "dashboard-network.png", section("Co-mention network"))
        drawn = page.evaluate("""() => {
            const svg = document.querySelector('svg[data-chart="co-mentions"]');
            const box = svg.viewBox.baseVal;
            const inside = b => b.x >= 0 && b.y >= 0 && b.x + b.width <= box.width && b.y + b.height <= box.height;
            const nodes = [...svg.querySelectorAll('g.node')];
            const labels = [...svg.querySelectorAll('g.node text')].map(t => t.getBBox());
            const dots = [...svg.querySelectorAll('g.node circle')].map(c => c.getBBox());
            const meet = (a, b) => a.x < b.x + b.width && b.x < a.x + a.width &&
                                   a.y < b.y + b.height && b.y < a.y + a.height;
            let overlaps = 0;
            labels.forEach((a, i) => labels.forEach((b, j) => { if (i < j && meet(a, b)) overlaps++; }));
            return {nodes: nodes.length, edges: svg.querySelectorAll('line.edge').length,
                    labels: labels.length, overlaps,
                    outside: nodes.filter(g => !inside(g.getBBox())).map(g => g.textContent)};
        }""")
    assert requests == [] and errors == []
    assert drawn["nodes"] == 30 and drawn["edges"] > 30
    assert drawn["outside"] == []  # every dot and its label inside the picture
    assert drawn["overlaps"] == 0 and drawn["labels"] >= 20  # labels never cover each other


def test_filtering_the_tables(dashboard):
    with opened(dashboard) as (page, requests, errors):
        visible = """name => [...document.querySelectorAll(`.table[data-table="${name}"] tbody tr`)]
            .filter(r => !r.hidden).map(r => r.textContent.toLowerCase())"""
        everything = page.evaluate(visible, "events")
        page.fill("#search", "Алиев")
        aliyev = page.evaluate(visible, "events")
        contacts = page.evaluate(visible, "contacts")
        count = page.locator('.count[data-for="events"]').inner_text()
        shoot(page, "dashboard-filtered.png")
        page.fill("#search", "")
        page.fill('input.filter[data-for="events"]', "телефон")
        phone = page.evaluate(visible, "events")
        page.fill('input.filter[data-for="events"]', "")
        restored = page.evaluate(visible, "events")
    assert requests == [] and errors == []
    assert 0 < len(aliyev) < len(everything) and all("алиев" in row for row in aliyev)
    assert sum("алиев" in row for row in everything) == len(aliyev)
    assert count == f"{len(aliyev)} of {len(everything)} rows"
    assert contacts and all("алиев" in row for row in contacts)
    assert phone and all("телефон" in row for row in phone)
    assert len(restored) == len(everything)


def test_each_event_row_links_its_article_and_shows_its_sentence(dashboard, analyst_warehouse):
    with duckdb.connect(str(analyst_warehouse), read_only=True) as con:
        facts = {r[0]: r[1:] for r in con.execute(
            "SELECT event_id, url, evidence, trigger_text FROM event_facts").fetchall()}
    with opened(dashboard) as (page, requests, errors):
        shoot(page, "dashboard-events.png", section("Event timeline"))
        rows = page.evaluate("""() => [...document.querySelectorAll('.table[data-table="events"] tbody tr')]
            .map(r => [r.dataset.key, r.querySelector('td.evidence').textContent,
                       r.querySelector('td.evidence mark')?.textContent ?? null,
                       r.querySelector('td:last-child a')?.getAttribute('href') ?? null])""")
    assert requests == [] and errors == []
    assert len(rows) == len(facts)
    linked = 0
    for key, evidence, mark, href in rows:
        url, sentence, trigger = facts[key]
        assert evidence == (sentence or "")
        assert href == url
        linked += href is not None
        if sentence and trigger in sentence:
            assert mark == trigger
    assert linked >= 9  # the events of every Lenta.ru article of the seeds


def test_the_policy_forbids_every_request(dashboard):
    probe = """async () => {
        const violations = [];
        document.addEventListener('securitypolicyviolation',
            e => violations.push(e.effectiveDirective + ' ' + e.blockedURI));
        let fetched = 'sent';
        try { await fetch('http://127.0.0.1:9/data.json'); } catch (e) { fetched = 'refused'; }
        const img = new Image(); img.src = 'http://127.0.0.1:9/pixel.png';
        navigator.sendBeacon('http://127.0.0.1:9/beacon', 'x');
        const style = document.createElement('link');
        style.rel = 'stylesheet'; style.href = 'http://127.0.0.1:9/style.css';
        document.head.appendChild(style);
        await new Promise(r => setTimeout(r, 500));
        return {violations, fetched};
    }"""
    with opened(dashboard) as (page, requests, _console):  # the blocked attempts log errors
        loaded = list(requests)
        page.fill("#search", "Путин")  # the inline filter script runs under the policy
        filtered = page.locator('.count[data-for="events"]').inner_text()
        blocked = page.evaluate(probe)
    assert loaded == []  # opening the page asks for nothing
    assert filtered.endswith("rows")  # the hash admitted the script
    assert requests == []  # and nothing the page tried left it
    assert blocked["fetched"] == "refused"
    assert {v.split(" ")[0] for v in blocked["violations"]} == {"connect-src", "img-src", "style-src-elem"}
    # Control: with the policy bypassed the same attempts do reach the (refusing) network, so
    # the empty list above is the policy's doing, not the guard's blindness.
    with opened(dashboard, bypass_csp=True) as (page, requests, _errors):
        page.evaluate(probe)
    assert {u.rsplit("/", 1)[1] for u in requests} >= {"data.json", "pixel.png", "style.css"}
