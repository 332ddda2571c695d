"""A user in the Prefect UI: open Deployments, find `nightly`, Run → Quick run, watch the run
page reach Completed. Debian's chromium driven by Playwright (no browser download)."""
from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from tests.conftest import ARTIFACTS
from tests.prefect_api import flow_run

pytestmark = [pytest.mark.browser, pytest.mark.server, pytest.mark.timeout(900)]

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = ARTIFACTS
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


@pytest.fixture
def page():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} missing: run tests/install_system_deps.sh (Debian chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                             args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.set_default_timeout(60_000)
            yield page
        finally:
            browser.close()


def test_quick_run_from_the_deployment_page_reaches_completed(prefect_stack, page):
    from playwright.sync_api import expect

    SCREENSHOTS.mkdir(exist_ok=True)
    try:
        page.goto(f"{prefect_stack.ui_url}/deployments", wait_until="networkidle")
        nightly = page.get_by_role("link", name="nightly", exact=True)
        expect(nightly).to_be_visible()
        page.screenshot(path=SCREENSHOTS / "ui-1-deployments.png")

        nightly.click()
        page.wait_for_url(re.compile(r"/deployments/deployment/"))
        run_button = page.get_by_role("button", name="Run", exact=True)
        expect(run_button).to_be_visible()
        expect(page.get_by_text("At 02:00 AM every day").first).to_be_visible()
        page.screenshot(path=SCREENSHOTS / "ui-2-deployment.png")

        # The toast confirming the new run links to it; it slides in, so click it by event.
        view_run = page.locator("button:has-text('View run'):visible").first
        refused = page.get_by_text("Failed to schedule flow run").first
        for attempt in range(3):
            run_button.click()
            page.get_by_text("Quick run", exact=True).click()
            expect(view_run.or_(refused).first).to_be_visible()
            if view_run.is_visible():
                break
            # The server refuses while its SQLite database is busy; a user clicks again.
            page.screenshot(path=SCREENSHOTS / f"ui-refused-{attempt + 1}.png")
            page.wait_for_timeout(3000)
            page.reload(wait_until="networkidle")
            expect(run_button).to_be_visible()
        view_run.dispatch_event("click")
        page.wait_for_url(re.compile(r"/runs/flow-run/[0-9a-f-]{36}"))
        flow_run_id = re.search(r"/runs/flow-run/([0-9a-f-]{36})", page.url).group(1)

        heading = page.locator(".page-heading-flow-run")
        expect(heading).to_contain_text("nightly")
        page.screenshot(path=SCREENSHOTS / "ui-3-run-started.png")
        expect(heading.locator(".state-badge")).to_have_text("Completed", timeout=300_000)
        # The run is named after what it did: the warehouse's run id and its sources.
        page.reload(wait_until="networkidle")
        name = flow_run(prefect_stack.api_url, flow_run_id)["name"]
        assert re.fullmatch(r"run \d+ · seeds", name), name
        expect(heading).to_contain_text(name)
        page.screenshot(path=SCREENSHOTS / "ui-4-run-completed.png")
    except Exception:
        page.screenshot(path=SCREENSHOTS / "ui-failure.png")
        raise

    # The run the browser started is the one that wrote the warehouse the deployment names.
    run = flow_run(prefect_stack.api_url, flow_run_id)
    assert run["state_type"] == "COMPLETED"
    db = Path(run["parameters"]["db"])
    assert db == prefect_stack.home / "warehouse.duckdb"
    with duckdb.connect(str(db), read_only=True) as con:
        status = con.execute("SELECT status FROM runs WHERE flow_run_id = ?",
                             [flow_run_id]).fetchall()
    assert status == [("committed",)]


def test_custom_run_form_describes_and_types_every_parameter(prefect_stack, page):
    from playwright.sync_api import expect

    from flows.steps.parameters import description

    SCREENSHOTS.mkdir(exist_ok=True)
    page.goto(f"{prefect_stack.ui_url}/deployments", wait_until="networkidle")
    page.get_by_role("link", name="nightly", exact=True).click()
    page.wait_for_url(re.compile(r"/deployments/deployment/"))
    page.get_by_role("button", name="Run", exact=True).click()
    page.get_by_text("Custom run", exact=True).click()
    page.wait_for_url(re.compile(r"/run"))
    try:
        for name in ("batch_size", "max_file_bytes", "workers", "sources", "chunk_articles", "retire_missing"):
            expect(page.get_by_text(description(name)).first).to_be_visible()
        # Optional limits are number fields that may stay empty, not untyped JSON.
        # batch, wait, 3 limits, workers, chunk
        expect(page.locator("input[type=number]")).to_have_count(7)
    finally:
        page.screenshot(path=SCREENSHOTS / "ui-5-custom-run.png", full_page=True)


class _Bait:
    """A loopback HTTP server standing in for an outside host: it counts the requests it gets,
    so a page that fetched a remote image (or followed a link) is caught."""

    def __init__(self):
        import http.server
        import threading

        hits = self.hits = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                hits.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()


def test_hostile_values_in_an_artifact_stay_text_in_the_ui(prefect_stack, page):
    """Report rows carrying an article's title go into a markdown artifact (publish_report, as
    the report deployment does). The Prefect UI renders raw HTML in markdown artifacts: the same
    values written without escaping make Chromium fetch the image, which shows the check bites."""
    import concurrent.futures

    from prefect.artifacts import create_markdown_artifact
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from flows.steps.artifacts import publish_report

    bait = _Bait()
    hostile = [f'<img src="{bait.url}/img.png">', f"![x]({bait.url}/md.png)",
               "[открыть](javascript:alert(1))", "<a href=\"javascript:alert(2)\">жми</a>"]
    rows = [{"title": value, "mentions": n} for n, value in enumerate(hostile, 1)]

    def publish():
        with temporary_settings({PREFECT_API_URL: prefect_stack.api_url}):
            ids = publish_report("articles_mentioning", "Статьи, где упомянута сущность",
                                 {"entity": hostile[0]}, rows, len(rows), None)
            raw = create_markdown_artifact("\n\n".join(hostile), key="unescaped-control",
                                           description="control: the same values unescaped")
        return ids, raw

    try:
        # In a thread of its own: Playwright's sync API runs an event loop in this one, and
        # Prefect's sync calls would hand back coroutines there.
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            ids, raw = pool.submit(publish).result(timeout=120)

        def open_artifact(artifact_id):
            page.goto(f"{prefect_stack.ui_url}/artifacts/artifact/{artifact_id}", wait_until="networkidle")
            page.get_by_text("Статьи, где упомянута сущность" if artifact_id != str(raw) else "открыть"
                             ).first.wait_for()
            page.wait_for_timeout(1000)

        open_artifact(ids["summary"])
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=SCREENSHOTS / "ui-hostile-artifact.png", full_page=True)
        assert bait.hits == [], "the escaped artifact made the browser fetch an outside URL"
        assert page.locator("a[href^='javascript']").count() == 0
        assert page.locator("main img, .artifact img").count() == 0
        body = page.inner_text("body")
        assert "javascript:alert(1)" in body and "<img" in body   # shown as text

        open_artifact(str(raw))
        assert bait.hits, "control: the UI did not render raw HTML, so the check above proves nothing"
    finally:
        bait.close()
