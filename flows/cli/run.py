"""`khronika run` and `khronika reprocess`: the flows in this process, with a summary at the end."""
from __future__ import annotations

import argparse
import sys
from datetime import date

from flows.cli.exit_codes import EXIT_BUSY, EXIT_DAMAGED, EXIT_FAILED, EXIT_USAGE
from flows.steps.parameters import EtlParameters, description
from flows.steps.runners import RUNNERS
from tasks.reporting.run_summary import summary_text

DEFAULTS = EtlParameters()
# CLI option of each ETL parameter (sources is the positional argument).
RUN_OPTIONS = {
    "db": "--db", "batch_size": "--batch-size", "wait_seconds": "--wait",
    "max_file_bytes": "--max-file-bytes", "max_article_chars": "--max-article-chars",
    "max_records_per_file": "--max-records-per-file", "workers": "--workers",
    "retire_missing": "--retire-missing",
    "chunk_articles": "--chunk-articles",
}
FLAGS = {"retire_missing"}  # on/off options


def add_run_commands(commands: argparse._SubParsersAction) -> None:
    run = commands.add_parser("run", help="run the ETL on files and folders (in-process, no server needed)")
    run.add_argument("sources", nargs="*", help=description("sources"))
    for name, option in RUN_OPTIONS.items():
        default = getattr(DEFAULTS, name)
        if name in FLAGS:
            run.add_argument(option, dest=name, action="store_true", help=description(name))
            continue
        kind = {"wait_seconds": float, "db": str}.get(name, int)
        metavar = {"db": "PATH", "wait_seconds": "SECONDS"}.get(name, "N")
        help_text = description(name) + (" (default: %(default)s)" if default is not None else "")
        run.add_argument(option, dest=name, type=kind, default=default, metavar=metavar,
                         help=help_text.replace("%", "%%").replace("%%(default)s", "%(default)s"))
    run.add_argument("--runner", choices=RUNNERS, default="local",
                     help="where tasks run: local processes (default) or Dask (--workers: its local workers)")
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
    redo.add_argument("--db", default=DEFAULTS.db)
    redo.add_argument("--wait", type=float, default=0, metavar="SECONDS")
    redo.set_defaults(handler=cmd_reprocess)


def check_model_files() -> int | None:
    """A missing or damaged event model file, named in one line before any flow starts."""
    from tasks.nlp.events.learned import model_file_versions
    from tasks.nlp.models import ModelFileError

    try:
        model_file_versions()
    except ModelFileError as error:
        print(f"khronika: {error}", file=sys.stderr)
        return EXIT_FAILED
    return None


def preflight(args: argparse.Namespace) -> int | None:
    """A run's user errors, found before Prefect or Natasha load (well under 2 s): a bad value,
    no source at all, a warehouse folder that cannot be written, another run writing the same
    warehouse. Returns the exit code after one line on stderr, or None when the run may start;
    sources that are missing or empty are named in a warning and the run goes ahead."""
    from flows.steps.parameters import (
        ParameterError,
        check_value,
        existing_sources,
        source_warnings,
        writable_db_path,
    )
    from tasks.settings import DEFAULT_SOURCES
    from tasks.warehouse.connect import WarehouseBusy
    from tasks.warehouse.doctor import WarehouseDamaged, refuse_if_damaged
    from tasks.warehouse.lock import writer_lock

    try:
        for name in RUN_OPTIONS:
            check_value(name, getattr(args, name))
        existing_sources(args.sources or DEFAULT_SOURCES)
        args.db = str(writable_db_path(args.db))  # absolute from here on, in every message
        if not args.wait_seconds:
            with writer_lock(args.db):  # taken and given back: the flow takes it for the run
                refuse_if_damaged(args.db)  # again when the run opens, under its lock
    except WarehouseDamaged as error:
        print(f"khronika: {error}", file=sys.stderr)
        return EXIT_DAMAGED
    except ParameterError as error:
        print(f"khronika: {error}", file=sys.stderr)
        return EXIT_USAGE
    except WarehouseBusy as error:
        print(f"khronika: {error}", file=sys.stderr)
        return EXIT_BUSY
    refused = check_model_files()
    if refused is not None:
        return refused
    for warning in source_warnings(args.sources or DEFAULT_SOURCES):
        print(f"khronika: warning: {warning}", file=sys.stderr)
    return None


def run_state(db: str) -> tuple[int, str, int] | None:
    """The warehouse's run state (tasks/warehouse/runs.py), or None when it cannot be read
    right now: the answer is only informative."""
    import duckdb

    from tasks.warehouse.runs import run_state as read_run_state

    try:
        return read_run_state(db)
    except duckdb.Error:
        return None


def interrupted(db: str, before: tuple[int, str, int] | None) -> str:
    """What a Ctrl-C left behind, in one line: which run, if any, committed."""
    after = run_state(db)
    if before is None or after is None:
        return "khronika: interrupted"
    run_id, status, committed = after
    if run_id <= before[0]:
        return "khronika: interrupted before a run started; nothing was written"
    if status == "committed":
        return f"khronika: interrupted after run {run_id} committed; the warehouse has it"
    state = f"as after run {committed}" if committed else "empty"
    return (f"khronika: interrupted: run {run_id} was not committed and the warehouse is {state}; "
            "the next run reads its files again")


def committed_anyway(db: str, before: tuple[int, str, int] | None, error: Exception) -> int | None:
    """When the flow raised after its run committed (Prefect's API failing at the end, say), say
    so and exit 0: the exit code and the message follow the runs table, not Prefect."""
    after = run_state(db)
    if before is None or after is None or after[0] <= before[0] or after[1] != "committed":
        return None
    print(f"khronika: run {after[0]} committed; afterwards Prefect failed: "
          f"{type(error).__name__}: {error}", file=sys.stderr)
    return 0


def no_space(db: str, error: Exception, what: str) -> str | None:
    """A failure for lack of space (full disk, quota, file size limit) in one line: the file
    that could not be written and what the warehouse holds; None for any other failure."""
    from tasks.warehouse.space import out_of_space

    full = out_of_space(error)
    if full is None:
        return None
    after = run_state(db)
    if after is None:
        state = "it is as after its last committed run"
    else:
        state = f"the warehouse is as after run {after[2]}" if after[2] else "the warehouse is empty"
    return (f"khronika: {what} failed: {full}; nothing of this run was committed and {state}; "
            "free space and run again")


def flow_failure(error: Exception, what: str, db: str | None = None) -> int:
    """Say why a flow did not commit; a busy warehouse has its own exit code."""
    from tasks.warehouse.connect import WarehouseBusy
    from tasks.warehouse.doctor import WarehouseDamaged

    if db is not None and (message := no_space(db, error, what)):
        print(message, file=sys.stderr)
        return EXIT_FAILED
    if isinstance(error, WarehouseBusy):
        print(f"khronika: {error}", file=sys.stderr)
        return EXIT_BUSY
    if isinstance(error, WarehouseDamaged):
        print(f"khronika: {error}", file=sys.stderr)
        return EXIT_DAMAGED
    print(f"khronika: {what} failed: {type(error).__name__}: {error}", file=sys.stderr)
    return EXIT_FAILED


def reads_anything(args: argparse.Namespace) -> bool:
    """Whether the run has a new or changed file to read (tasks/ingest/pending.py), judged as
    the flow will judge it."""
    from flows.steps.parameters import existing_sources
    from tasks.ingest.pending import run_reads_anything
    from tasks.settings import DEFAULT_SOURCES, Limits

    sources = existing_sources(args.sources or DEFAULT_SOURCES)
    limits = Limits.with_overrides(max_file_bytes=args.max_file_bytes, max_article_chars=args.max_article_chars,
                                   max_records_per_file=args.max_records_per_file)
    return run_reads_anything(sources, args.db, limits)


def cmd_run(args: argparse.Namespace) -> int:
    before = getattr(args, "runs_before", None) or run_state(args.db)
    from flows.ops.temporary_server import ServerFailed, configured_api_url, prefect_api
    from flows.steps.runners import RunnerConfigError, check_dask_reaches_api, etl_with_runner, on_dask
    from tasks.nlp.pool import ExtractionPool, lend
    from tasks.settings import raise_if_interrupted

    pool = None
    try:
        check_dask_reaches_api(args.dask_address, configured_api_url())
        if not on_dask(args.runner, args.dask_address) and reads_anything(args):
            # Workers build their models while the temporary server boots and the flow opens;
            # the flow takes the pool over and stops it once extraction is done.
            pool = ExtractionPool.start(args.workers)
        # The temporary server (if any) boots while the flow's modules import.
        with prefect_api() as ready, lend(pool):
            from prefect.settings import PREFECT_API_URL, PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

            etl = etl_with_runner(args.runner, args.dask_address, args.workers)
            # No heartbeats: nothing watches an in-process run, and stopping them costs a second.
            settings = {PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}
            if api_url := ready():
                settings[PREFECT_API_URL] = api_url
            with temporary_settings(settings):
                raise_if_interrupted()  # a Ctrl-C the start-up imports swallowed
                summary = etl(sources=args.sources or None,
                              **{name: getattr(args, name) for name in RUN_OPTIONS})
    except (RunnerConfigError, ServerFailed) as error:
        print(f"khronika: {error}", file=sys.stderr)
        return EXIT_FAILED
    except Exception as error:
        return committed_anyway(args.db, before, error) or flow_failure(error, "run", args.db)
    except KeyboardInterrupt:
        if pool is not None:
            pool.abort()
        raise
    finally:
        if pool is not None:
            pool.close()
    print(summary_text(summary, args.db))
    if len(summary.get("runs", [])) > 1:
        print(f"  chunks      runs {summary['runs'][0]}–{summary['runs'][-1]} committed, "
              f"up to {args.chunk_articles} new or changed articles each")
    return 0


def cmd_reprocess(args: argparse.Namespace) -> int:
    from tasks.ingest.stored import Selection

    if not (args.article_id or args.date_from or args.date_to or args.all):
        # the flow's own message names its parameters; a command line user has flags
        print("khronika: say which articles to reprocess: --article-id ID, --date-from / --date-to, or --all",
              file=sys.stderr)
        return EXIT_USAGE
    try:
        Selection(args.article_id, args.date_from, args.date_to, args.all).check()
    except ValueError as error:
        print(f"khronika: {error}", file=sys.stderr)
        return EXIT_USAGE
    refused = check_model_files()
    if refused is not None:
        return refused
    from flows.ops.temporary_server import embedded_prefect

    embedded_prefect()
    from flows.reprocess import reprocess

    try:
        summary = reprocess(article_ids=args.article_id or None, date_from=args.date_from, date_to=args.date_to,
                            all_articles=args.all, skip_current=not args.force, db=args.db, wait_seconds=args.wait)
    except Exception as error:
        return flow_failure(error, "reprocess", args.db)
    print(f"Khronika reprocess run {summary['run_id']} committed: {summary['articles_extracted']} article(s) "
          f"re-extracted, {summary['mentions']} mentions, {summary['events']} events, "
          f"{summary['quarantined']} quarantined, in {summary['elapsed_seconds']:.1f} s")
    return 0
