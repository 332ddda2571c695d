"""The `khronika` command line: run the ETL in-process, query the warehouse, run reports."""
from __future__ import annotations

import argparse
import sys

from flows.cli.exit_codes import EXIT_BUSY, EXIT_FAILED  # noqa: F401  (the documented codes)
from flows.ops.temporary_server import embedded_prefect, start_early


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="khronika", description="Russian news → versioned DuckDB warehouse of entities and events.")
    commands = parser.add_subparsers(dest="command", required=True)
    # Imported here, after `khronika run` started its temporary server: some load Prefect.
    from flows.cli.eval import add_eval_command
    from flows.cli.query import add_query_command
    from flows.cli.reports import add_report_commands
    from flows.cli.run import add_run_commands
    from flows.cli.stack import add_stack_commands

    add_run_commands(commands)
    add_query_command(commands)
    add_eval_command(commands)
    add_report_commands(commands)
    add_stack_commands(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["run"]:  # a run needs a Prefect API: let a temporary one boot meanwhile
        embedded_prefect()
        start_early()
    args = build_parser().parse_args(argv)
    return args.handler(args)
