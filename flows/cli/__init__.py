"""The `khronika` command line: run the ETL in-process, query the warehouse, run reports.

Every command reports a user error as one line on stderr with a documented exit code
(flows/cli/exit_codes.py); `--debug` shows the traceback of an unexpected failure instead.
"""
from __future__ import annotations

import argparse
import signal
import sys
import threading

from flows.cli.exit_codes import EXIT_BUSY, EXIT_FAILED, EXIT_INTERRUPTED  # noqa: F401  (the documented codes)
from tasks.nlp.models import ModelFileError
from tasks.settings import EXTRACTOR_VERSION, INTERRUPTED, raise_if_interrupted

# Commands that only read the warehouse: registered alone when one of them is asked for, so
# their start-up imports neither Prefect nor the extraction stack.
READING_COMMANDS = {"report", "reports", "dashboard", "export", "query"}


class VersionAction(argparse.Action):
    """--version, reading the installed package's metadata only when asked (importlib.metadata
    costs a report's start-up tens of milliseconds)."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, help=None):
        super().__init__(option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser, namespace, values, option_string=None):
        from importlib import metadata

        print(f"khronika {metadata.version('khronika')} (extractor {EXTRACTOR_VERSION})")
        parser.exit()


# Set by Ctrl-C. Start-up imports and Prefect's engine may swallow the KeyboardInterrupt a
# Ctrl-C raises in them, and the run then went ahead as if nothing had happened: the flag
# remembers it, and `raise_if_interrupted` raises it again (the flow checks it before each run).
_interrupted = INTERRUPTED


def _on_sigint(signum: int, frame: object) -> None:
    _interrupted.set()
    raise KeyboardInterrupt


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="khronika", description="Russian news → versioned DuckDB warehouse of entities and events.")
    parser.add_argument("--version", action=VersionAction, help="show the version and exit")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of unexpected failures")
    commands = parser.add_subparsers(dest="command", required=True)
    if command in READING_COMMANDS:
        from flows.cli.export import add_export_command
        from flows.cli.query import add_query_command
        from flows.cli.reports import add_report_commands

        add_query_command(commands)
        add_report_commands(commands)
        add_export_command(commands)
        return parser
    # Imported here, after `khronika run` started its temporary server: some load Prefect.
    from flows.cli.doctor import add_doctor_command
    from flows.cli.eval import add_eval_command
    from flows.cli.export import add_export_command
    from flows.cli.query import add_query_command
    from flows.cli.reports import add_report_commands
    from flows.cli.run import add_run_commands
    from flows.cli.stack import add_stack_commands

    add_run_commands(commands)
    add_query_command(commands)
    add_eval_command(commands)
    add_report_commands(commands)
    add_export_command(commands)
    add_stack_commands(commands)
    add_doctor_command(commands)
    return parser


def _prepare(command: str | None, argv: list[str]) -> tuple[argparse.Namespace | int, tuple | None]:
    """The parsed arguments (or the exit code of a refused run) and the run state before."""
    args = build_parser(command).parse_args(argv)
    before = None
    if args.command == "run":
        from flows.cli.run import preflight, run_state

        refused = preflight(args)
        if refused is not None:
            return refused, None
        before = args.runs_before = run_state(args.db)
        # A run needs a Prefect API: a temporary one boots while the flow's modules import.
        from flows.ops.temporary_server import embedded_prefect, start_early

        embedded_prefect()
        start_early()
    elif args.command == "reprocess":
        from flows.cli.run import run_state

        before = run_state(args.db)
    return args, before


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler and \
            threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, _on_sigint)
    command = next((arg for arg in argv if not arg.startswith("-")), None)
    try:
        args, before = _prepare(command, argv)
    except KeyboardInterrupt:  # while the command loads and checks its arguments
        print("khronika: interrupted before anything started; nothing was written", file=sys.stderr)
        return EXIT_INTERRUPTED
    if isinstance(args, int):
        return args
    try:
        raise_if_interrupted()
        code = args.handler(args)
        if _interrupted.is_set():  # a Ctrl-C that something swallowed: say what it left
            raise KeyboardInterrupt
        return code
    except KeyboardInterrupt:
        if args.command in ("run", "reprocess"):
            from flows.cli.run import interrupted

            print(interrupted(args.db, before), file=sys.stderr)
        else:
            print("khronika: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except ModelFileError as error:  # a missing or damaged model file: the file is the message
        if args.debug:
            raise
        print(f"khronika: {args.command} failed: {error}", file=sys.stderr)
        return EXIT_FAILED
    except Exception as error:
        if args.debug:
            raise
        print(f"khronika: {args.command} failed: {type(error).__name__}: {error} "
              "(--debug shows where)", file=sys.stderr)
        return EXIT_FAILED
