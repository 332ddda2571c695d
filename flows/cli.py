"""`khronika` command line: run the ETL in-process, query the warehouse, run reports."""
from __future__ import annotations

import argparse
import os
import sys
from datetime import date

from flows.runners import RUNNERS
from flows.temporary_server import start_early
from tasks.settings import DEFAULT_BATCH_SIZE, DEFAULT_DB, PROJECT_ROOT

EXIT_FAILED, EXIT_BUSY = 1, 3


def _embedded_prefect() -> None:
    """With no server configured, keep Prefect's temporary-server state inside the project."""
    if not os.environ.get("PREFECT_API_URL") and not os.environ.get("PREFECT_HOME"):
        home = PROJECT_ROOT / ".prefect" / "embedded"
        home.mkdir(parents=True, exist_ok=True)
        os.environ["PREFECT_HOME"] = str(home)
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    # The temporary server can take longer than Prefect's 20 s default on a loaded machine.
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "INFO")


def format_summary(summary: dict, db: str) -> str:
    s = summary
    return "\n".join([
        f"Khronika run {s['run_id']} committed in {s['elapsed_seconds']:.1f} s (flow run {s.get('flow_run_id')})",
        f"  files       seen {s['files_seen']}: loaded {s['files_loaded']}, unchanged {s['files_unchanged']}, "
        f"quarantined {s['files_quarantined']}, skipped {s['files_skipped']}",
        f"  articles    new {s['articles_new']}, changed {s['articles_changed']}, unchanged {s['articles_unchanged']}",
        f"  mentions    {s['mentions']}    entities new {s['entities_new']}    events {s['events']}",
        f"  quarantined {s['quarantined']} row(s)    warnings {s['warnings']}",
        f"  warehouse   {db}",
    ] + ([f"  dashboard   {s['dashboard']}"] if s.get("dashboard") else []))


def flow_failure(error: Exception, what: str) -> int:
    """Say why a flow did not commit; a busy warehouse has its own exit code."""
    from tasks.warehouse import WarehouseBusy

    if isinstance(error, WarehouseBusy):
        print(f"khronika: {error}", file=sys.stderr)
        return EXIT_BUSY
    print(f"khronika: {what} failed: {type(error).__name__}: {error}", file=sys.stderr)
    return EXIT_FAILED


def cmd_run(args: argparse.Namespace) -> int:
    from flows.runners import RunnerConfigError, check_dask_reaches_api, etl_with_runner, on_dask
    from flows.temporary_server import ServerFailed, configured_api_url, prefect_api
    from tasks import parallel

    try:
        check_dask_reaches_api(args.dask_address, configured_api_url())
        if not on_dask(args.runner, args.dask_address):
            # Workers build their models while the temporary server boots and the flow opens.
            parallel.warm_up(args.workers)
        # The temporary server (if any) boots while the flow's modules import.
        with prefect_api() as ready:
            from prefect.settings import PREFECT_API_URL, PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

            etl = etl_with_runner(args.runner, args.dask_address, args.workers)
            # No heartbeats: nothing watches an in-process run, and stopping them costs a second.
            settings = {PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}
            if api_url := ready():
                settings[PREFECT_API_URL] = api_url
            with temporary_settings(settings):
                summary = etl(sources=args.sources or None, db=args.db, batch_size=args.batch_size,
                              wait_seconds=args.wait, max_file_bytes=args.max_file_bytes,
                              max_article_chars=args.max_article_chars,
                              max_records_per_file=args.max_records_per_file, workers=args.workers)
    except (RunnerConfigError, ServerFailed) as error:
        print(f"khronika: {error}", file=sys.stderr)
        return EXIT_FAILED
    except Exception as error:
        return flow_failure(error, "run")
    finally:
        parallel.shut_down()
    print(format_summary(summary, args.db))
    return 0


def cmd_reprocess(args: argparse.Namespace) -> int:
    from tasks.reprocess import Selection

    try:
        Selection(args.article_id, args.date_from, args.date_to, args.all).check()
    except ValueError as error:
        print(f"khronika: {error}", file=sys.stderr)
        return 2
    _embedded_prefect()
    from flows.reprocess import reprocess

    try:
        summary = reprocess(article_ids=args.article_id or None, date_from=args.date_from, date_to=args.date_to,
                            all_articles=args.all, skip_current=not args.force, db=args.db, wait_seconds=args.wait)
    except Exception as error:
        return flow_failure(error, "reprocess")
    print(f"Khronika reprocess run {summary['run_id']} committed: {summary['articles_extracted']} article(s) "
          f"re-extracted, {summary['mentions']} mentions, {summary['events']} events, "
          f"{summary['quarantined']} quarantined, in {summary['elapsed_seconds']:.1f} s")
    return 0


def print_result(columns: list[str], rows: list[tuple], out=None) -> None:
    """An aligned text table; long cells are cut so a row stays readable."""
    out = out or sys.stdout  # looked up per call, so a redirected stdout is honoured
    cells = [[("NULL" if v is None else str(v)).replace("\n", " ") for v in row] for row in rows]
    cells = [[c if len(c) <= 80 else c[:79] + "…" for c in row] for row in cells]
    widths = [max([len(col)] + [len(row[i]) for row in cells]) for i, col in enumerate(columns)]
    print("  ".join(col.ljust(w) for col, w in zip(columns, widths)), file=out)
    print("  ".join("-" * w for w in widths), file=out)
    for row in cells:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths)), file=out)
    print(f"({len(rows)} row{'s' if len(rows) != 1 else ''})", file=out)


def cmd_query(args: argparse.Namespace) -> int:
    import duckdb

    from tasks.warehouse import connect_for_query, is_lock_error

    try:
        con = connect_for_query(args.db)
    except (FileNotFoundError, duckdb.Error) as error:
        if is_lock_error(error):
            # A run holds the file only at its start and for its final load transaction (seconds).
            print(f"khronika: a run is loading {args.db}; retry in a moment ({error})", file=sys.stderr)
            return EXIT_BUSY
        print(f"khronika: {error}", file=sys.stderr)
        return EXIT_FAILED
    try:
        cursor = con.execute(args.sql)
        columns = [d[0] for d in cursor.description or []]
        print_result(columns, cursor.fetchmany(args.limit) if columns else [])
    except duckdb.Error as error:
        print(f"khronika: query failed: {error}", file=sys.stderr)
        return EXIT_FAILED
    finally:
        con.close()
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="khronika", description="Russian news → versioned DuckDB warehouse of entities and events.")
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="run the ETL on files and folders (in-process, no server needed)")
    run.add_argument("sources", nargs="*", help="files or folders (default: the project's seeds/)")
    run.add_argument("--db", default=str(DEFAULT_DB), help="warehouse file (default: %(default)s)")
    run.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE, help="articles per extraction batch")
    run.add_argument("--wait", type=float, default=0, metavar="SECONDS",
                     help="wait this long for another run writing the same warehouse (default: fail fast)")
    for option, setting in [("--max-file-bytes", "KHRONIKA_MAX_FILE_BYTES"),
                            ("--max-article-chars", "KHRONIKA_MAX_ARTICLE_CHARS"),
                            ("--max-records-per-file", "KHRONIKA_MAX_RECORDS_PER_FILE")]:
        run.add_argument(option, type=int, default=None, metavar="N",
                         help=f"input limit; larger input is quarantined (default: {setting} or built-in)")
    run.add_argument("--workers", type=int, default=None, metavar="N",
                     help="extraction processes, or local Dask workers (default: one per core)")
    run.add_argument("--runner", choices=RUNNERS, default="local",
                     help="where tasks run: local processes (default) or Dask")
    run.add_argument("--dask-address", metavar="tcp://HOST:PORT", default=None,
                     help="use the Dask scheduler at this address (implies --runner dask; default: "
                          "a local cluster); workers on other machines need PREFECT_API_URL set")
    run.set_defaults(handler=cmd_run)

    redo = commands.add_parser("reprocess", help="re-extract stored articles with the current extractor")
    redo.add_argument("--article-id", action="append", help="an article to re-extract (repeatable)")
    redo.add_argument("--date-from", type=date.fromisoformat, help="first publication date, YYYY-MM-DD")
    redo.add_argument("--date-to", type=date.fromisoformat, help="last publication date, YYYY-MM-DD")
    redo.add_argument("--all", action="store_true", help="every stored article")
    redo.add_argument("--force", action="store_true",
                      help="also articles already extracted by the current extractor version")
    redo.add_argument("--db", default=str(DEFAULT_DB))
    redo.add_argument("--wait", type=float, default=0, metavar="SECONDS")
    redo.set_defaults(handler=cmd_reprocess)

    query = commands.add_parser("query", help="run read-only SQL on the warehouse")
    query.add_argument("sql")
    query.add_argument("--db", default=str(DEFAULT_DB))
    query.add_argument("--limit", type=int, default=1000, help="rows to print at most")
    query.set_defaults(handler=cmd_query)

    # Imported here: they load Prefect, which `khronika run` wants to load after its server starts.
    from flows.cli_eval import add_eval_command
    from flows.cli_reports import add_report_commands

    add_eval_command(commands)
    add_report_commands(commands)

    from flows.cli_stack import add_stack_commands

    add_stack_commands(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["run"]:  # a run needs a Prefect API: let a temporary one boot meanwhile
        _embedded_prefect()
        start_early()
    args = build_parser().parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
