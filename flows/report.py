"""Run a named report from sql/reports on the warehouse and publish it in the Prefect UI."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Annotated, Literal

import duckdb
from prefect import flow, get_run_logger, task
from pydantic import Field

from flows.steps.artifacts import publish_report
from flows.steps.parameters import ParameterError, existing_db_path, retry_unless, shown_as, with_parameter_docs
from tasks.reporting.library import REPORTS_DIR, ReportError, bind_params, get_report, run_report
from tasks.reporting.render import write_result
from tasks.settings import DEFAULT_DB

# The deployment's Custom run form offers the reports that exist when it is deployed.
REPORT_NAMES = tuple(sorted(p.stem for p in REPORTS_DIR.glob("*.sql") if not p.stem.startswith("_")))
ReportName = Literal[REPORT_NAMES] if REPORT_NAMES else str  # type: ignore[valid-type]
OutputFormat = Literal["csv", "json", "parquet"]


@task(name="run-report", retries=3, retry_delay_seconds=[2, 5, 15],
      retry_condition_fn=retry_unless(ReportError, ParameterError), timeout_seconds=300)
def run_report_task(db: str, name: str, params: dict[str, str], as_of_run: int | None,
                    output_format: str, output_dir: str) -> dict:
    logger = get_run_logger()
    with duckdb.connect(db, read_only=True) as con:
        result = run_report(con, name, params, as_of_run)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    out = Path(output_dir) / f"{name}-{stamp}.{output_format}"
    write_result(result, output_format, out)
    logger.info("report %s: %d rows → %s", name, result.height, out)
    return {"rows": result.head(500).to_dicts(), "total_rows": result.height, "file": str(out)}


@flow(name="khronika-report", timeout_seconds=900, validate_parameters=True)
@with_parameter_docs
def report(
    name: Annotated[ReportName, Field(description="Report to run, from sql/reports")] = (
        "run_history" if "run_history" in REPORT_NAMES else REPORT_NAMES[0] if REPORT_NAMES else ""),
    params: Annotated[dict[str, str] | None, Field(
        description='Report parameters, name to value, e.g. {"type": "PER", "limit": "10"}; '
                    "unset ones take the report's defaults"),
        shown_as({"type": "object", "additionalProperties": {"type": "string"}})] = None,
    as_of_run: Annotated[int | None, Field(
        ge=0, description="Answer for the warehouse as it was after this run id; "
                          "empty for the current state"),
        shown_as({"type": "integer", "minimum": 0})] = None,
    db: Annotated[str, Field(description="DuckDB warehouse file (default: the project's data/khronika.duckdb, "
                                         "or KHRONIKA_DB / KHRONIKA_HOME)")] = str(DEFAULT_DB),
    output_format: Annotated[OutputFormat, Field(description="Format of the result file")] = "csv",
    output_dir: Annotated[str | None, Field(
        description="Folder for the result file; default: reports/ next to the warehouse"),
        shown_as({"type": "string"})] = None,
) -> dict:
    """Run a report from sql/reports and publish it: a table, a markdown page, a link to the file."""
    params = {key: str(value) for key, value in (params or {}).items()}
    # Fail in a second on a bad name, parameter or path, before touching the warehouse.
    db_path = existing_db_path(db)
    chosen = get_report(name)
    bind_params(chosen, params, as_of_run)
    folder = Path(output_dir).expanduser().resolve() if output_dir else db_path.parent / "reports"

    result = run_report_task(str(db_path), chosen.name, params, as_of_run, output_format,
                             str(folder))
    publish_report(chosen.name, chosen.purpose, params | {"as_of_run": as_of_run or "current"},
                   result["rows"], result["total_rows"], result["file"])
    return {"report": chosen.name, "rows": result["total_rows"], "file": result["file"]}
