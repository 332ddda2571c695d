"""Time every report (and the dashboard) on a warehouse: `python bench/bench_reports.py --db PATH`.

Prints one line per report: rows returned and the best of N wall-clock runs in milliseconds.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from tasks.reporting.dashboard import build_dashboard
from tasks.reporting.library import list_reports, run_report
from tasks.settings import DEFAULT_DB
from tasks.warehouse.connect import connect


def best_of(repeat: int, work) -> tuple[float, object]:
    timings, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = work()
        timings.append(time.perf_counter() - started)
    return min(timings) * 1000, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    con = connect(args.db, read_only=True)
    print(f"{'report':<22}{'rows':>8}{'best ms':>10}")
    for report in list_reports():
        ms, df = best_of(args.repeat, lambda: run_report(con, report.name))
        print(f"{report.name:<22}{df.height:>8}{ms:>10.1f}")
    ms, page = best_of(args.repeat, lambda: build_dashboard(con))
    print(f"{'dashboard':<22}{len(page):>8}{ms:>10.1f}   (rows = HTML characters)")


if __name__ == "__main__":
    main()
