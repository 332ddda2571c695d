"""Prefect artifacts of a run or a report: the summary, the data-quality table, links to the
summary file and the dashboard. Content comes from tasks/reporting; only the publishing is here."""
from __future__ import annotations

import os
import shutil
import urllib.parse
from pathlib import Path

import duckdb
from prefect import get_run_logger, task
from prefect.artifacts import create_link_artifact, create_markdown_artifact, create_table_artifact

from tasks.reporting.dashboard import snapshot_path, write_dashboard
from tasks.reporting.run_summary import (
    TOP_ROWS,
    artifact_key,
    collect_run,
    dq_table,
    report_markdown,
    run_markdown,
    table_rows,
    write_run_markdown,
)

# Artifacts are created in the flow's own context, so they show on the flow run's page; the
# work that can fail for a moment (reading the warehouse, writing files) runs as retried tasks.

@task(name="dashboard")  # a missing or broken warehouse will not heal in seconds
def write_dashboard_file(db: str, out: str | None = None) -> str:
    """Write the warehouse's dashboard (next to it unless `out` says where); its absolute path."""
    return str(write_dashboard(db, out).resolve())


def publish_dashboard(db: str, out: str | None = None, run_id: int | None = None) -> str:
    """Write the dashboard after a run and link it from the Prefect flow run.

    With `run_id`, the run also keeps its own snapshot (`dashboards/<db stem>/run-N.html`, and
    `latest.html` beside it), so an old run's link still shows that run's state. Under `khronika
    stack up`, snapshots go to the folder the stack serves on loopback (KHRONIKA_DASHBOARD_ROOT)
    and the link is its http:// address (KHRONIKA_DASHBOARD_URL), which opens from the UI;
    otherwise it is a file:// link."""
    path = Path(write_dashboard_file(db, out))
    linked = path
    if run_id is not None:
        root = os.environ.get("KHRONIKA_DASHBOARD_ROOT") or None
        linked = snapshot_path(db, run_id, root)
        linked.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, linked)
        shutil.copyfile(path, linked.with_name("latest.html"))
    create_link_artifact(
        key="khronika-dashboard",
        link=dashboard_link(linked),
        link_text=f"Khronika dashboard ({linked.name})",
        description="Offline HTML dashboard of the warehouse after this run.",
    )
    return str(linked)


def dashboard_link(path: Path) -> str:
    """The http:// address of a dashboard under the served folder, else its file:// URI."""
    root, url = os.environ.get("KHRONIKA_DASHBOARD_ROOT"), os.environ.get("KHRONIKA_DASHBOARD_URL")
    if root and url and path.resolve().is_relative_to(Path(root).resolve()):
        return url.rstrip("/") + "/" + urllib.parse.quote(path.resolve().relative_to(Path(root).resolve()).as_posix())
    return path.resolve().as_uri()


@task(name="run-summary", retries=2, retry_delay_seconds=[2, 10], timeout_seconds=120)
def summarise_run(db: str, run_id: int, extra: dict | None = None,
                  reports_dir: str | None = None) -> dict:
    """The run's summary (markdown, also written next to the warehouse) and its DQ table."""
    db_path = Path(db).resolve()
    with duckdb.connect(str(db_path), read_only=True) as con:
        content = collect_run(con, run_id)
    markdown = run_markdown(content, extra)
    summary_file = write_run_markdown(
        markdown, Path(reports_dir) if reports_dir else db_path.parent / "reports", run_id)
    return {"markdown": markdown, "dq": dq_table(content), "file": str(summary_file)}


def publish_run(db: str, run_id: int, extra: dict | None = None,
                reports_dir: str | None = None) -> dict:
    """Publish a committed (or failed) run's summary, DQ table and summary file on its flow run."""
    summary = summarise_run(db, run_id, extra, reports_dir)
    summary_file = Path(summary["file"])
    ids = {
        "summary": create_markdown_artifact(
            summary["markdown"], key="khronika-run-summary",
            description=f"Khronika run {run_id}: counts, new entities, events, quarantine"),
        "dq": create_table_artifact(
            summary["dq"], key="khronika-dq-results",
            description=f"Data-quality checks and warnings of run {run_id}"),
        "link": create_link_artifact(
            summary_file.as_uri(), link_text=str(summary_file), key="khronika-run-report",
            description=f"Run {run_id} summary file next to the warehouse"),
    }
    return {name: str(value) for name, value in ids.items()} | {"file": str(summary_file)}


def publish_or_warn(db: str, run_id: int, extra: dict | None = None) -> bool:
    """Publish a committed run from inside its flow: summary, DQ table, summary file link and
    the warehouse dashboard. A failure to publish is logged as a warning, because the run is
    committed and must not be reported as failed."""
    logger = get_run_logger()
    published = True
    for name, publish in (("artifacts", lambda: publish_run(db, run_id, extra=extra)),
                          ("dashboard", lambda: publish_dashboard(db, run_id=run_id))):
        try:
            publish()
        except Exception as error:
            logger.warning("run %s committed, but its %s were not published: %s: %s",
                           run_id, name, type(error).__name__, error)
            published = False
    return published


def publish_report(name: str, purpose: str, params: dict, rows: list[dict], total_rows: int,
                   result_file: str | None) -> dict:
    """Publish a report result as a table, a markdown page and a link to the full file."""
    path = Path(result_file) if result_file else None
    key = artifact_key("khronika-report", name)
    ids = {
        "table": create_table_artifact(table_rows(rows), key=key,
                                       description=f"Report {name}: {purpose}"),
        "summary": create_markdown_artifact(
            report_markdown(name, purpose, params, table_rows(rows, TOP_ROWS * 5), total_rows,
                            path),
            key=f"{key}-summary", description=f"Report {name} with its parameters"),
    }
    if path is not None:
        ids["link"] = create_link_artifact(path.as_uri(), link_text=str(path), key=f"{key}-file",
                                           description=f"Report {name}: full result file")
    return {k: str(v) for k, v in ids.items()}
