"""`khronika reports`, `khronika report NAME` and `khronika dashboard`: reading the warehouse.

Every command opens the warehouse read-only; user values reach SQL only as bound parameters.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb

from flows.cli.exit_codes import EXIT_BUSY, EXIT_USAGE
from tasks.reporting import library as reports
from tasks.reporting import render
from tasks.settings import DEFAULT_DB
from tasks.warehouse.connect import WarehouseBusy, connect_reader, is_lock_error


def add_report_commands(subparsers: argparse._SubParsersAction) -> None:
    """Register the reporting subcommands; each sets `handler(args) -> exit code`."""
    listing = subparsers.add_parser("reports", help="list the reports with their parameters")
    listing.set_defaults(handler=list_command)

    report = subparsers.add_parser(
        "report",
        help="run a report from sql/reports/",
        description="Run a report. `khronika reports` lists names and parameters.",
    )
    report.add_argument("name", help="report name, e.g. top_entities")
    report.add_argument(
        "--param", "-p", action="append", default=[], metavar="K=V",
        help="report parameter (repeatable), e.g. --param type=PER",
    )
    report.add_argument("--format", "-f", choices=render.FORMATS, default="table")
    report.add_argument("--out", "-o", type=Path, help="write to this file instead of stdout")
    report.add_argument(
        "--as-of-run", type=int, metavar="N",
        help="answer from the warehouse as it was after run N",
    )
    report.add_argument("--db", type=Path, default=DEFAULT_DB, help="warehouse file (default: %(default)s)")
    report.add_argument("--wait", type=float, default=0, metavar="SECONDS",
                        help="while a run is loading, retry this long (default: exit 3 at once)")
    report.set_defaults(handler=report_command)

    dashboard = subparsers.add_parser(
        "dashboard", help="write the offline HTML dashboard of the warehouse"
    )
    dashboard.add_argument("--db", type=Path, default=DEFAULT_DB, help="warehouse file")
    dashboard.add_argument(
        "--out", "-o", type=Path,
        help="HTML file to write (default: <db stem>.dashboard.html next to the warehouse)",
    )
    dashboard.set_defaults(handler=dashboard_command)


def describe_reports(library: list[reports.Report]) -> str:
    lines = []
    for report in library:
        lines.append(f"{report.name}\n    {report.purpose}")
        for param in report.params:
            lines.append(
                f"    --param {param.name}=<{param.kind}>  {param.description}"
                f" (default {param.default})"
            )
        if report.notes:
            lines.append(f"    note: {report.notes}")
        lines.append("")
    return "\n".join(lines)


def parse_param_args(pairs: list[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise reports.ReportError(f"--param expects K=V, got {pair!r}")
        if key.strip() in params:
            raise reports.ReportError(f"--param {key.strip()} given twice")
        params[key.strip()] = value
    return params


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return EXIT_USAGE


def list_command(args: argparse.Namespace) -> int:
    sys.stdout.write(describe_reports(reports.list_reports()))
    return 0


def report_command(args: argparse.Namespace) -> int:
    try:
        params = parse_param_args(args.param)
        report = reports.get_report(args.name)
        reports.bind_params(report, params, args.as_of_run)  # bad input fails before opening the db
        con = connect_reader(args.db, args.wait)
        try:
            note = reports.as_of_note(con, args.as_of_run)
            if note:
                print(f"note: {note}", file=sys.stderr)
            result = render.fetch(
                reports.report_relation(con, report.name, params, args.as_of_run), args.format)
        finally:
            con.close()
        render.write_fetched(result, args.format, args.out)
    except WarehouseBusy as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BUSY
    except (reports.ReportError, FileNotFoundError) as error:
        return _fail(str(error))
    except duckdb.Error as error:
        return _fail(f"report {args.name} failed on {args.db}: {error}")
    except OSError as error:  # --out in a folder that cannot be written
        return _fail(f"cannot write {args.out}: {error.strerror or error}")
    if args.out is not None:
        print(f"{result.height} rows written to {args.out.resolve()}", file=sys.stderr)
    return 0


def dashboard_command(args: argparse.Namespace) -> int:
    from tasks.reporting.dashboard import write_dashboard

    try:
        path = write_dashboard(args.db, args.out)
    except FileNotFoundError as error:
        return _fail(str(error))
    except duckdb.Error as error:
        if is_lock_error(error):
            print(f"error: a run is loading {args.db}; retry in a moment", file=sys.stderr)
            return EXIT_BUSY
        return _fail(f"dashboard of {args.db} failed: {error}")
    except OSError as error:  # a read-only or missing output folder
        from tasks.reporting.dashboard import dashboard_path

        target = args.out or dashboard_path(args.db)  # not the temporary file it was writing
        return _fail(f"cannot write the dashboard {target}: {error.strerror or error}")
    print(f"dashboard written to {path.resolve()}")
    return 0
