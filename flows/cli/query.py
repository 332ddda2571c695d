"""`khronika query`: read-only SQL on the warehouse, printed as a table."""
from __future__ import annotations

import argparse
import sys

from flows.cli.exit_codes import EXIT_BUSY, EXIT_FAILED
from tasks.settings import DEFAULT_DB


def add_query_command(commands: argparse._SubParsersAction) -> None:
    query = commands.add_parser("query", help="run read-only SQL on the warehouse")
    query.add_argument("sql")
    query.add_argument("--db", default=str(DEFAULT_DB))
    query.add_argument("--limit", type=int, default=1000, help="rows to print at most")
    query.set_defaults(handler=cmd_query)


def cmd_query(args: argparse.Namespace) -> int:
    import duckdb

    from tasks.reporting.render import text_table
    from tasks.warehouse.connect import connect_for_query, is_lock_error

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
        rows = cursor.fetchmany(args.limit) if columns else []
        sys.stdout.write(text_table(columns, rows, max_width=80, null="NULL"))
    except duckdb.Error as error:
        print(f"khronika: query failed: {error}", file=sys.stderr)
        return EXIT_FAILED
    finally:
        con.close()
    return 0
