"""`khronika doctor`: check the warehouse file, and put back the copy of the last good run."""
from __future__ import annotations

import argparse
import sys

from flows.cli.exit_codes import EXIT_BUSY, EXIT_DAMAGED, EXIT_FAILED
from tasks.settings import DEFAULT_DB


def add_doctor_command(commands: argparse._SubParsersAction) -> None:
    doctor = commands.add_parser(
        "doctor", help="check the warehouse file; --restore puts back the copy of the last good run")
    doctor.add_argument("--db", default=str(DEFAULT_DB), help="warehouse file (default: %(default)s)")
    doctor.add_argument("--full", action="store_true",
                        help="read every row of every table (the quick check reads the file's layout and `runs`)")
    doctor.add_argument("--restore", action="store_true",
                        help="when damaged, move the file aside and put its backup (<db>.backup) in its place")
    doctor.set_defaults(handler=doctor_command)


def _described(health) -> str:
    rows = sum(health.tables.values())
    run = f"last committed run {health.last_run}" if health.last_run else "no committed run"
    return f"{len(health.tables)} tables, {rows:,} rows, {run}"


def doctor_command(args: argparse.Namespace) -> int:
    from tasks.warehouse.connect import WarehouseBusy
    from tasks.warehouse.doctor import WarehouseDamaged, backup_path, check, restore
    from tasks.warehouse.lock import writer_lock

    health = check(args.db, full=args.full)
    if health.ok:
        print(f"{args.db}: sound ({_described(health)})")
        backup = backup_path(args.db)
        print(f"backup {backup}: " + ("present" if backup.exists() else "none yet (the next committed run makes one)"))
        return 0
    for problem in health.problems:
        print(f"{args.db}: {problem}", file=sys.stderr)
    if not args.restore:
        print(f"khronika: the warehouse {args.db} is damaged; runs refuse to write to it. "
              f"`khronika doctor --db {args.db} --restore` puts back {backup_path(args.db)}", file=sys.stderr)
        return EXIT_DAMAGED
    try:
        with writer_lock(args.db):  # no run may write while the file is swapped
            restored, aside = restore(args.db)
    except WarehouseBusy as error:
        print(f"khronika: {error}", file=sys.stderr)
        return EXIT_BUSY
    except (WarehouseDamaged, FileNotFoundError) as error:
        print(f"khronika: cannot restore: {error}", file=sys.stderr)
        return EXIT_FAILED
    if not restored.ok:
        print(f"khronika: the restored file fails its check: {restored.problems[0]}", file=sys.stderr)
        return EXIT_FAILED
    print(f"restored {args.db} from {backup_path(args.db)} ({_described(restored)}); the damaged file is "
          f"{aside}. The next `khronika run` over the same sources reads again whatever came after run "
          f"{restored.last_run}.")
    return 0
