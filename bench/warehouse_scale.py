"""A warehouse of N articles, and how fast it answers: `python bench/warehouse_scale.py --articles N --db PATH`.

1. Extracts lenta_1000 once with `khronika run` (cached in bench/out/warehouse_scale/: the
   staged rows of that real run as Parquet).
2. Builds an N-article warehouse from copies of those rows through the product's own load path
   (`begin_run` + `load_run`, one run per batch of `--batch` articles): each copy gets new
   article, mention and event ids, a distinct content hash and publication dates shifted by its
   copy number (days), so the warehouse spans years; entity ids stay, as the same people recur
   in the news. The texts are the real ones, so the load's audits check real offsets.
3. Times every report through the CLI from process start (defaults, then `--as-of-run` a run
   half way through the history), a 200-article `khronika run` into this warehouse and into an
   empty one, and prints a table: wall seconds, peak RSS, size on disk per article.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from bench.corpus import LENTA_1000
from tasks.reporting.library import list_reports
from tasks.warehouse.load import load_run
from tasks.warehouse.runs import begin_run

CACHE = PROJECT / "bench" / "out" / "warehouse_scale"
TABLES = ["articles_history", "extractions", "entities_history", "mentions_history",
          "events_history", "event_arguments_history"]
# Columns that carry an id made from the article: a copy suffixes them with its number.
COPY_IDS = {"article_id", "mention_id", "event_id"}
START = "2024-01-01 09:00:00"


def lenta_jsonl(path: Path, first: int = 0, count: int | None = None, prefix: str = "lenta") -> Path:
    """lenta_1000 as JSONL records with ids and publication times (one a day, over 30 days)."""
    lines = [t for t in LENTA_1000.read_text(encoding="utf-8").splitlines() if t.strip()]
    chosen = lines[first:first + count if count else None]
    with path.open("w", encoding="utf-8") as out:
        for i, text in enumerate(chosen, start=first):
            published = f"2024-01-{1 + i % 30:02d}T{9 + i % 12:02d}:{i % 60:02d}:00Z"
            out.write(json.dumps({"id": f"{prefix}-{i}", "text": text, "published_at": published},
                                 ensure_ascii=False) + "\n")
    return path


TIMEOUT = 300.0   # seconds a CLI call may take before the bench gives up on it (--timeout)


def set_timeout(seconds: float) -> None:
    global TIMEOUT
    TIMEOUT = seconds


def khronika(*args: str) -> tuple[float, float, subprocess.CompletedProcess]:
    """Run the CLI; return wall seconds from process start, the CLI process's own peak RSS in MB
    (GNU time's %M; a run's extraction workers are other processes) and the completed process."""
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        started = time.perf_counter()
        # its own session, so a call that runs too long is stopped with everything it started
        child = subprocess.Popen(["/usr/bin/time", "-q", "-o", rss.name, "-f", "%M",
                                  sys.executable, "-m", "flows.cli", *args], cwd=PROJECT,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                 start_new_session=True, env={**os.environ, "PYTHONPATH": str(PROJECT)})
        try:
            out, err = child.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            child.communicate()
            return float("inf"), float("nan"), subprocess.CompletedProcess(args, -1, "", "timed out")
        proc = subprocess.CompletedProcess(args, child.returncode, out, err)
        wall = time.perf_counter() - started
        peak = rss.read().strip().splitlines()
    return wall, int(peak[-1]) / 1024 if peak and peak[-1].isdigit() else float("nan"), proc


def base_rows() -> Path:
    """The staged rows of one real run of lenta_1000, extracted once and cached."""
    done = CACHE / "rows" / "done"
    if done.exists():
        return CACHE / "rows"
    work = CACHE / "extract"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    source = lenta_jsonl(work / "lenta.jsonl")
    print(f"extracting {source} once (a few minutes)...", flush=True)
    wall, _, proc = khronika("run", str(source), "--db", str(work / "base.duckdb"))
    if proc.returncode != 0:
        sys.exit(f"extraction failed: {proc.stderr[-2000:]}")
    rows = CACHE / "rows"
    rows.mkdir(exist_ok=True)
    con = duckdb.connect(str(work / "base.duckdb"), read_only=True)
    for table in TABLES:
        columns = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall() if r[0] not in ("run_id", "valid_to")]
        con.execute(f"COPY (SELECT {', '.join(columns)} FROM {table}) TO '{rows / table}.parquet' (FORMAT parquet)")
    con.close()
    done.write_text(f"extracted in {wall:.0f} s\n")
    return rows


def stage_copies(rows: Path, copies: range, out: Path) -> dict[str, list[str]]:
    """Staged Parquet files for copies `copies` of the base rows."""
    con = duckdb.connect()
    staged = {}
    for table in TABLES:
        source = f"read_parquet('{rows / table}.parquet')"
        if table == "entities_history":
            sql = f"SELECT * FROM {source}"   # the same entities recur in every copy
        else:
            cols = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()]
            exprs = []
            for col in cols:
                if col in COPY_IDS:
                    exprs.append(f"{col} || '~' || k AS {col}")
                elif col == "content_hash":
                    exprs.append("md5(content_hash || '~' || k) AS content_hash")
                elif col == "published_at":
                    exprs.append("published_at + to_days(CAST(k AS INTEGER)) AS published_at")
                elif col == "text_minhash":
                    exprs.append("NULL::BLOB AS text_minhash")  # copies are not new stories
                elif col == "source_id":
                    exprs.append("source_id || '~' || k AS source_id")
                else:
                    exprs.append(col)
            sql = f"SELECT {', '.join(exprs)} FROM {source}, range({copies.start}, {copies.stop}) t(k)"
        path = out / f"{table}.parquet"
        con.execute(f"COPY ({sql}) TO '{path}' (FORMAT parquet)")
        staged[table] = [str(path)]
    con.close()
    return staged


def build(db: Path, articles: int, batch: int) -> dict:
    rows = base_rows()
    per_copy = duckdb.connect().execute(f"SELECT count(*) FROM '{rows / 'articles_history'}.parquet'").fetchone()[0]
    copies_total = -(-articles // per_copy)
    per_run = max(1, batch // per_copy)
    done: set[int] = set()   # copies already loaded: a build resumes where it stopped
    if db.exists():
        with duckdb.connect(str(db), read_only=True) as con:
            done = {k for (k,) in con.execute(
                "SELECT DISTINCT CAST(split_part(article_id, '~', 2) AS INTEGER) FROM articles"
                " WHERE article_id LIKE '%~%'").fetchall()}
    todo = [k for k in range(copies_total) if k not in done]
    batches: list[range] = []   # consecutive copies, at most per_run in a run
    for k in todo:
        if batches and batches[-1].stop == k and len(batches[-1]) < per_run:
            batches[-1] = range(batches[-1].start, k + 1)
        else:
            batches.append(range(k, k + 1))
    stage_root = Path(tempfile.mkdtemp(prefix="scale-stage-", dir=db.parent))
    started, loads = time.perf_counter(), []
    try:
        for copies in batches:
            out = stage_root / f"c{copies.start}"
            out.mkdir()
            staged = stage_copies(rows, copies, out)
            run_id = begin_run(db, flow_run_id=None, flow_name="warehouse_scale", code_version="bench",
                               extractor_version="bench", model_versions={}, parameters={"copies": [copies.start, copies.stop]})
            t = time.perf_counter()
            load_run(db, run_id, staged, {"articles_new": per_copy * len(copies)}, [])
            loads.append(time.perf_counter() - t)
            shutil.rmtree(out)
            done.update(copies)
            print(f"  run {run_id}: {len(done) * per_copy:,} articles, load {loads[-1]:.1f} s, "
                  f"{time.perf_counter() - started:.0f} s so far", flush=True)
    finally:
        shutil.rmtree(stage_root, ignore_errors=True)
    import resource
    return {"build_s": time.perf_counter() - started, "loads": loads,
            "load_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def time_reports(db: Path, as_of: int, repeat: int, show) -> list[tuple[str, str, float, float, int]]:
    """Every report with its defaults and as of run `as_of`: the best of `repeat` CLI runs (the
    machine is shared; the best is the least disturbed)."""
    results = []
    for report in list_reports():
        for label, extra in (("defaults", []), (f"as of run {as_of}", ["--as-of-run", str(as_of)])):
            runs = [khronika("report", report.name, "--db", str(db), "--format", "csv", *extra)
                    for _ in range(repeat)]
            wall, rss, proc = min(runs, key=lambda r: r[0])
            if proc.returncode != 0:
                print(f"  {report.name} {label}: exit {proc.returncode}: {proc.stderr.strip()[-300:]}")
            results.append((report.name, label, wall, rss, proc.returncode))
            show(results[-1])
    return results


FACT_QUERIES = ("SELECT count(*), count(actor2_id) FROM {}",
                "SELECT count(*) FROM {} WHERE actor1_name = 'Владимир Путин'")


def time_fact_views(db: Path, repeat: int) -> list[tuple[str, float, float]]:
    """Plain SQL on `event_facts` (the kept tables, migration 016) and on event_facts_as_of(n) of
    the last run (computed from the history), side by side in one process: best of `repeat`."""
    def best(con, sql: str) -> float:
        times = []
        for _ in range(repeat):
            began = time.perf_counter()
            con.execute(sql).fetchall()
            times.append(time.perf_counter() - began)
        return min(times)

    with duckdb.connect(str(db), read_only=True) as con:
        computed = "event_facts_as_of(9223372036854775807)"
        return [(query.format("event_facts"), best(con, query.format("event_facts")), best(con, query.format(computed)))
                for query in FACT_QUERIES]


def time_run(db: Path, source: Path) -> tuple[float, float]:
    wall, rss, proc = khronika("run", str(source), "--db", str(db))
    if proc.returncode != 0:
        print(f"  run into {db} failed: {proc.stderr.strip()[-500:]}", flush=True)
    return wall, rss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, required=True)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--batch", type=int, default=10_000, help="articles per run (default 10,000)")
    parser.add_argument("--skip-build", action="store_true", help="time an existing warehouse")
    parser.add_argument("--skip-run", action="store_true", help="do not time the 200-article run")
    parser.add_argument("--repeat", type=int, default=3, help="CLI runs per report, best taken (default 3)")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds before a report is given up")
    parser.add_argument("--run-timeout", type=float, default=1800.0, help="seconds before a run is given up")
    parser.add_argument("--skip-reports", action="store_true", help="do not time the reports")
    args = parser.parse_args()
    set_timeout(args.timeout)
    db = args.db.resolve()
    db.parent.mkdir(parents=True, exist_ok=True)

    built = {} if args.skip_build else build(db, args.articles, args.batch)
    with duckdb.connect(str(db), read_only=True) as con:
        n_articles, n_mentions, n_events = con.execute(
            "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM mentions_history),"
            " (SELECT count(*) FROM events_history)").fetchone()
        last_run = con.execute("SELECT max(run_id) FROM runs WHERE status = 'committed'").fetchone()[0]
    size = db.stat().st_size + (Path(str(db) + ".wal").stat().st_size if Path(str(db) + ".wal").exists() else 0)
    lines = [(f"warehouse: {n_articles:,} articles, {n_mentions:,} mention rows, {n_events:,} event rows,"
              f" {last_run} runs; {size / 2**30:.2f} GiB on disk, {size / max(n_articles, 1) / 1024:.1f} KiB per article")]
    if built:
        loads = built["loads"]
        lines.append(f"build: {built['build_s']:.0f} s; load of one {args.batch:,}-article run: first "
                     f"{loads[0]:.1f} s, last {loads[-1]:.1f} s; peak RSS of the loading process "
                     f"{built['load_peak_mb']:.0f} MB")
    lines += ["", "| report | parameters | wall s (CLI, from process start) | peak RSS MB |", "|---|---|---|---|"]
    print("\n".join(lines), flush=True)

    def show(row: tuple) -> None:
        name, label, wall, rss, code = row
        shown = f"> {TIMEOUT:.0f}" if wall == float("inf") else f"{wall:.2f}"
        print(f"| {name} | {label} | {shown}{'' if code in (0, -1) else f' (exit {code})'} | {rss:.0f} |", flush=True)

    if not args.skip_reports:
        time_reports(db, max(1, last_run // 2), args.repeat, show)
        print("\n| plain SQL | `event_facts` s | `event_facts_as_of(n)` s, computed | ratio |\n|---|---|---|---|")
        for sql, kept, computed in time_fact_views(db, args.repeat):
            print(f"| `{sql}` | {kept:.2f} | {computed:.2f} | {computed / kept:.0f}x |", flush=True)
    if not args.skip_run:
        set_timeout(args.run_timeout)
        with tempfile.TemporaryDirectory(prefix="scale-run-", dir=db.parent) as tmp:
            # ids of this moment: articles the warehouse has not seen, even after an earlier bench
            source = lenta_jsonl(Path(tmp) / "fresh.jsonl", first=0, count=200, prefix=f"fresh{time.time_ns()}")
            empty_wall, empty_rss = time_run(Path(tmp) / "empty.duckdb", source)
            big_wall, big_rss = time_run(db, source)
        print("\n".join(["", "| 200-article `khronika run` | wall s | peak RSS MB (CLI process) |",
                         "|---|---|---|",
                         f"| into an empty warehouse | {empty_wall:.1f} | {empty_rss:.0f} |",
                         f"| into this warehouse | {big_wall:.1f} | {big_rss:.0f} |",
                         f"| ratio | {big_wall / empty_wall:.2f}x | |"]), flush=True)



if __name__ == "__main__":
    main()
