"""An offline HTML dashboard of the warehouse: one self-contained file, charts as inline SVG.

It needs no network: styles are inlined, every chart is SVG, and every data mark carries
`data-*` attributes and a `<title>` tooltip. One inline script filters the tables; the page's
Content-Security-Policy admits it by its SHA-256 hash alone and forbids every request
(`default-src 'none'`), so neither the script nor anything injected can fetch, load or send. sections.py reads the report library's
results, charts.py computes the charts' geometry, and templates/ (Jinja2) draw the page, escaping
every text from the warehouse.
"""
from __future__ import annotations

import base64
import functools
import hashlib
import html
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from tasks.reporting.dashboard import sections
from tasks.warehouse.connect import connect

__all__ = ["build_dashboard", "content_security_policy", "dashboard_path", "events_section",
           "filter_script", "snapshot_path", "write_dashboard"]


def _finalize(value: Any) -> Any:
    """Every `{{ value }}`: None as nothing, a list comma-separated, text escaped by html.escape.

    html.escape writes quotes as `&quot;` where markupsafe would write `&#34;`: the page has always
    used the former. The result is Markup, so autoescape leaves it; macro output passes as is.
    """
    if hasattr(value, "__html__"):
        return value
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        value = ", ".join(str(v) for v in value)
    return Markup(html.escape(str(value), quote=True))


@functools.cache
def environment() -> Environment:
    """The templates' environment, built once per process (it caches the compiled templates)."""
    return Environment(
        loader=PackageLoader(__name__, "templates"),
        autoescape=select_autoescape(["html", "j2"], default_for_string=True, default=True),
        undefined=StrictUndefined,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


@functools.cache
def filter_script() -> str:
    """The table filter's source (templates/filter.js), exactly as it is placed in the page."""
    source, _, _ = environment().loader.get_source(environment(), "filter.js")
    return source.strip()


def content_security_policy(script: str) -> str:
    """No request of any kind; inline styles; the one inline script, by its hash."""
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
            f"script-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'")


def _render_section(section: sections.Section) -> str:
    return str(environment().get_template("sections.html.j2").module.section(section))


def events_section(con: duckdb.DuckDBPyConnection, totals: dict, limit: int = 5000) -> str:
    """The event timeline section alone, as HTML (`totals`: the warehouse_summary row)."""
    return _render_section(sections.events(con, totals, limit))


def build_dashboard(con: duckdb.DuckDBPyConnection, title: str = "Khronika warehouse") -> str:
    """The whole dashboard as one HTML document."""
    built = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    script = filter_script()
    return environment().get_template("page.html.j2").render(
        title=title, built=built, sections=sections.all_sections(con),
        script=Markup(script), csp=Markup(content_security_policy(script)))


def snapshot_path(db_path: str | Path, run_id: int, root: str | Path | None = None) -> Path:
    """Run N's own dashboard, kept as the warehouse was after it: `dashboards/<db stem>/run-N.html`
    next to the warehouse (or under `root`)."""
    db_path = Path(db_path)
    return Path(root or db_path.parent / "dashboards") / db_path.stem / f"run-{run_id}.html"


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
