"""How a warehouse's dashboard lays out in headless Chromium: the event timeline's shown range and
how crowded its right edge is, labels cut on the left, cards that scroll sideways.

    python bench/dashboard_layout.py --db WAREHOUSE [--db OTHER ...] [--page FILE.html ...]

Each --db is drawn with this checkout's dashboard; each --page is a dashboard file already
written (e.g. by an older checkout), measured as it is. For the Lenta.ru 1000 (one JSONL record a
line of ../shared/corpora/lenta_1000.txt, `khronika run` into a fresh warehouse) the timeline
went from 1855-02-08 – 2023-08-24 with 376 of 594 dots in its rightmost tenth to 1976 – 2023
with 6 of 566 there and "◀ 28 events earlier" at its edge. Needs Debian's chromium.
"""
from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from tasks.reporting.dashboard import write_dashboard

MEASURE = """() => {
  const svg = document.querySelector('svg[data-chart="event-timeline"]');
  const out = {};
  if (svg) {
    const axis = svg.querySelector('line.axis');
    const x1 = +axis.getAttribute('x1'), x2 = +axis.getAttribute('x2');
    const dots = [...svg.querySelectorAll('circle[data-date]')];
    const dates = dots.map(c => c.dataset.date).sort();
    Object.assign(out, {
      timeline_dots: dots.length, first_drawn: dates[0], last_drawn: dates[dates.length - 1],
      dots_in_rightmost_tenth: dots.filter(c => +c.getAttribute('cx') > x1 + 0.9 * (x2 - x1)).length,
      axis_labels: [...svg.querySelectorAll('text')].map(t => t.textContent).filter(t => /^\\d{4}/.test(t)),
      outside: [...svg.querySelectorAll('text.outside')].map(t => t.textContent)});
  }
  out.labels_cut_on_the_left = [...document.querySelectorAll(
    'svg[data-chart^="top-entities"] text[text-anchor="end"]')].filter(t => t.getBBox().x < 0).length;
  out.sections_scrolling_sideways = [...document.querySelectorAll('section')]
    .filter(s => s.scrollWidth > s.clientWidth).map(s => s.querySelector('h2').textContent);
  return out;
}"""


def measure(pages: list[Path]) -> dict[str, dict]:
    results = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                    args=["--no-sandbox", "--disable-gpu"])
        try:
            for page_file in pages:
                page = browser.new_page(viewport={"width": 1300, "height": 900})
                page.goto(page_file.resolve().as_uri())
                results[str(page_file)] = page.evaluate(MEASURE)
                page.close()
        finally:
            browser.close()
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, action="append", default=[])
    parser.add_argument("--page", type=Path, action="append", default=[])
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        pages = list(args.page) + [write_dashboard(db, Path(tmp) / f"{i}.html")
                                   for i, db in enumerate(args.db)]
        print(json.dumps(measure(pages), ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
