"""`khronika query`: read-only SQL on the warehouse, as a table or a result file."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from flows.cli.exit_codes import EXIT_BUSY, EXIT_FAILED, EXIT_USAGE
from tasks.settings import DEFAULT_DB

FORMATS = ("table", "csv", "json", "parquet")


def add_query_command(commands: argparse._SubParsersAction) -> None:
    query = commands.add_parser("query", help="run read-only SQL on the warehouse")
    query.add_argument("sql")
    query.add_argument("--db", default=str(DEFAULT_DB), help="warehouse file (default: %(default)s)")
    query.add_argument("--limit", type=int, default=1000, help="rows to print at most as a table")
    query.add_argument("--format", "-f", choices=FORMATS, default="table",
                       help="table (default), csv, json or parquet (needs --out); files get every row")
    query.add_argument("--out", "-o", type=Path, help="write to this file instead of stdout")
    query.add_argument("--wait", type=float, default=0, metavar="SECONDS",
                       help="while a run is loading, retry this long (default: exit 3 at once)")
    query.set_defaults(handler=cmd_query)


def cmd_query(args: argparse.Namespace) -> int:
    import duckdb

    from tasks.reporting.library import ReportError
    from tasks.reporting.render import text_table, write_result
    from tasks.warehouse.connect import WarehouseBusy, connect_for_query

    if args.format == "parquet" and args.out is None:
        print("khronika: parquet output needs --out PATH", file=sys.stderr)
        return EXIT_USAGE
    try:
        con = connect_for_query(args.db, args.wait)
    except WarehouseBusy as error:
        # A run holds the file only at its start and for its final load transaction (seconds).
        print(f"khronika: {error}", file=sys.stderr)
        return EXIT_BUSY
    except (FileNotFoundError, duckdb.Error) as error:
        print(f"khronika: {error}", file=sys.stderr)
        return EXIT_FAILED
    try:
        cursor = con.execute(args.sql)
        columns = [d[0] for d in cursor.description or []]
        if args.format == "table" and args.out is None:
            rows = cursor.fetchmany(args.limit) if columns else []
            sys.stdout.write(text_table(columns, rows, max_width=80, null="NULL"))
            return 0
        import polars as pl  # only for files: a table on stdout does without it

        result = pl.from_arrow(cursor.to_arrow_table())
        write_result(result, args.format, args.out)
    except duckdb.Error as error:
        print(f"khronika: query failed: {error}", file=sys.stderr)
        return EXIT_FAILED
    except (ReportError, OSError) as error:
        print(f"khronika: {error}", file=sys.stderr)
        return EXIT_USAGE
    finally:
        con.close()
    if args.out is not None:
        print(f"{result.height} rows written to {args.out.resolve()}", file=sys.stderr)
    return 0
