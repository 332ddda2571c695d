"""`khronika stack up|down|status` and `python -m flows.ops.stack up|down|status`."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from flows.cli.exit_codes import EXIT_USAGE
from flows.ops import stack


def _add_actions(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="stack_action", required=True, metavar="ACTION")
    home_help = f"PREFECT_HOME of the stack (default: {stack.DEFAULT_HOME})"

    up = actions.add_parser("up", help="start server, work pool, deployments and worker")
    up.add_argument("--home", type=Path, default=stack.DEFAULT_HOME, help=home_help)
    up.add_argument("--host", default=stack.DEFAULT_HOST,
                    help="address the server binds (default: %(default)s, this machine only); "
                         "with 0.0.0.0 also set PREFECT_UI_API_URL to the API address your "
                         "browsers reach, e.g. http://HOST:4200/api")
    up.add_argument("--port", type=int, default=stack.DEFAULT_PORT,
                    help="server port (default: %(default)s)")
    up.add_argument("--poll-seconds", type=float, default=stack.DEFAULT_POLL_SECONDS,
                    help="how often the worker looks for runs to start; lower means a click "
                         "on Run starts sooner, at one small API call per poll "
                         "(default: %(default)s; Prefect's own default is 10)")
    up.add_argument("--prefect-file", type=Path, default=None,
                    help="deployment file (default: prefect.yaml in the project)")
    up.add_argument("--no-deploy", dest="deploy", action="store_false",
                    help="do not (re)apply deployments from prefect.yaml")
    up.add_argument("--database", choices=stack.DATABASES, default=None,
                    help="the server's database: sqlite (the default for a new stack: a file in "
                         "--home) or postgres "
                         "(a local PostgreSQL started under <home>/postgres on 127.0.0.1; "
                         "for a server many people or workers use); a running stack keeps its own")
    up.add_argument("--notify-webhook", metavar="URL", default=None,
                    help="POST a JSON notification {subject, body} to URL whenever a flow run "
                         "ends Failed or Crashed (a Prefect automation; given again, it is "
                         "replaced, with the new URL)")
    up.set_defaults(stack_handler=_up)

    down = actions.add_parser("down", help="stop the processes `up` started")
    down.add_argument("--home", type=Path, default=stack.DEFAULT_HOME, help=home_help)
    down.add_argument("--timeout", type=float, default=10.0,
                      help="seconds to wait after SIGTERM before SIGKILL (default: %(default)s)")
    down.set_defaults(stack_handler=_down)

    status = actions.add_parser("status", help="show whether the stack runs and its memory")
    status.add_argument("--home", type=Path, default=stack.DEFAULT_HOME, help=home_help)
    status.set_defaults(stack_handler=_status)


def _up(args: argparse.Namespace) -> int:
    config = stack.StackConfig(home=args.home, host=args.host, port=args.port,
                               poll_seconds=args.poll_seconds, prefect_file=args.prefect_file,
                               deploy=args.deploy, database=args.database,
                               notify_webhook=args.notify_webhook)
    stack.up(config)
    return 0


def _down(args: argparse.Namespace) -> int:
    stack.down(args.home, timeout=args.timeout)
    return 0


def _status(args: argparse.Namespace) -> int:
    report = stack.status(args.home)
    print(json.dumps(report, indent=2))
    return 0 if report.get("running") else 1


def run_stack_command(args: argparse.Namespace) -> int:
    try:
        return args.stack_handler(args)
    except stack.StackError as exc:
        print(f"stack: {exc}", file=sys.stderr)
        return EXIT_USAGE


def add_stack_commands(subparsers) -> None:
    """Add `stack up|down|status` to a CLI's subparsers; dispatch with run_stack_command."""
    parser = subparsers.add_parser("stack", help="local Prefect server, worker and deployments")
    _add_actions(parser)
    parser.set_defaults(handler=run_stack_command)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m flows.ops.stack", description=__doc__)
    _add_actions(parser)
    return run_stack_command(parser.parse_args(argv))
