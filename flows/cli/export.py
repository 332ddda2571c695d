"""`khronika export --out DIR`: the current tables as Parquet (hive-partitioned by month) with a
manifest naming the run they reflect (tasks/warehouse/export.py)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb

from flows.cli.exit_codes import EXIT_BUSY, EXIT_USAGE
from tasks.settings import DEFAULT_DB
from tasks.warehouse.connect import WarehouseBusy


def add_export_command(subparsers: argparse._SubParsersAction) -> None:
    export = subparsers.add_parser(
        "export", help="write the current tables as Parquet, partitioned by month, with a manifest")
    export.add_argument("--out", "-o", type=Path, required=True, help="a new (or empty) folder")
    export.add_argument("--db", type=Path, default=DEFAULT_DB, help="warehouse file (default: %(default)s)")
    export.add_argument("--wait", type=float, default=0, metavar="SECONDS",
                        help="while a run is loading, retry this long (default: exit 3 at once)")
    export.set_defaults(handler=export_command)


def export_command(args: argparse.Namespace) -> int:
    from tasks.warehouse.export import ExportError, export_warehouse

    try:
        manifest = export_warehouse(args.db, args.out, args.wait)
    except WarehouseBusy as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BUSY
    except (ExportError, FileNotFoundError) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as error:
        print(f"error: cannot write {args.out}: {error.strerror or error}", file=sys.stderr)
        return EXIT_USAGE
    except duckdb.Error as error:
        print(f"error: export of {args.db} failed: {error}", file=sys.stderr)
        return 1
    rows = ", ".join(f"{name} {table['rows']}" for name, table in manifest["tables"].items())
    print(f"exported run {manifest['run_id']} of {manifest['warehouse']} to {args.out.resolve()}: {rows}")
    return 0
