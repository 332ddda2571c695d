"""Fault campaign: `khronika run` on real articles, killed at random moments, then checked.

    python bench/fault_campaign.py --trials 30 [--articles 40] [--seed 1] [--code CHECKOUT]

Copies the first --articles Lenta articles (lenta_1000.txt) into JSONL files of 10 in a temporary
folder and loads them once, unharmed, into a reference warehouse. Each trial then starts
`khronika run --chunk-articles 10` (so one run commits several times) on a trial warehouse and
at a random moment does one of:

  cli-kill    SIGKILL to the CLI (an OOM kill, `kill -9`)
  cli-int     SIGINT to the CLI's process group (Ctrl-C in its terminal)
  worker-kill SIGKILL to one extraction worker
  server-kill SIGKILL to the run's temporary Prefect API server

and checks: the CLI ends in time (no hang), every process it started is gone within 30 s (no
orphan), the writer lock is free, the warehouse passes `doctor`'s check and opens, no article
id is current twice, every current article has exactly the mentions and events the reference
run gave it (committed data intact), and the exit code agrees with the `runs` table. The trial
warehouse carries over to the next trial (which is also the recovery of the one before) until a
run finishes the corpus; then it starts empty. A last run completes the corpus and must equal
the reference. Prints one row per trial and a summary; exits 1 if any check failed.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import psutil
from corpus import LENTA_1000 as CORPUS

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tasks.warehouse.connect import WarehouseBusy
from tasks.warehouse.doctor import check
from tasks.warehouse.lock import writer_lock

KINDS = ("cli-kill", "cli-int", "worker-kill", "server-kill")
PER_FILE = 10
RUN_BOUND_SECONDS = 300     # a run that takes longer than this hangs
INT_BOUND_SECONDS = 10      # Ctrl-C must end the CLI within this
ORPHAN_BOUND_SECONDS = 30


def write_corpus(folder: Path, articles: int) -> None:
    texts = [line.strip() for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    folder.mkdir(parents=True)
    for first in range(0, articles, PER_FILE):
        with open(folder / f"lenta-{first // PER_FILE:03d}.jsonl", "w", encoding="utf-8") as handle:
            handle.writelines(json.dumps({"id": f"lenta-{n}", "text": texts[n]}, ensure_ascii=False) + "\n" for n in range(first, min(first + PER_FILE, articles)))


def start(code: Path, sources: Path, db: Path, home: Path, log: Path) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(code), PREFECT_HOME=str(home))
    env.pop("PREFECT_API_URL", None)
    return subprocess.Popen(
        [sys.executable, "-m", "flows.cli", "run", str(sources), "--db", str(db), "--chunk-articles", str(PER_FILE)],
        cwd=code, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True,
        # As in a terminal: a campaign started in the background (nohup, `&`) has SIGINT ignored,
        # and its children would inherit that, so every Ctrl-C trial would be lost.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # noqa: PLW1509 (no threads here)


def descendants(pid: int) -> list[psutil.Process]:
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def cmdline(process: psutil.Process) -> str:
    try:
        return " ".join(process.cmdline())
    except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
        return ""


def target(kind: str, cli: subprocess.Popen) -> list[int] | None:
    """The pids that receive the fault now, or None while there is nothing to hit yet."""
    if kind in ("cli-kill", "cli-int"):
        return [cli.pid]
    found = descendants(cli.pid)
    if kind == "server-kill":
        servers = [p.pid for p in found if "uvicorn" in cmdline(p)]
        return servers[:1] or None
    # Workers fork from the fork server (itself a child of the run): their parent runs it too.
    workers = []
    for process in found:
        try:
            parent = process.parent()
        except psutil.NoSuchProcess:
            continue
        if parent is not None and "forkserver" in cmdline(process) and "forkserver" in cmdline(parent):
            workers.append(process.pid)
    return [random.choice(workers)] if workers else None


def stage_of(log: Path) -> str:
    """The last step the run's log shows finished (or under way), at the moment of the fault."""
    text = log.read_text(errors="replace") if log.exists() else ""
    stage = "start-up"
    for marker, name in (("Task run 'open-run", "opened"), ("Task run 'ingest", "ingested"),
                         ("extracted batch", "extracting"), ("Task run 'load", "loaded"),
                         ("committed in", "committed"), ("Task run 'dashboard", "published")):
        position = text.rfind(marker)
        if position >= 0:
            stage = (position, name) if isinstance(stage, str) or position > stage[0] else stage
    chunks = text.count("committed in")
    return (stage if isinstance(stage, str) else stage[1]) + (f" (chunk {chunks + 1})" if chunks else "")


def lock_free(db: Path) -> bool:
    """Whether a run could take the writer lock now (the product's own lock, taken and given back)."""
    try:
        with writer_lock(db):
            return True
    except WarehouseBusy:
        return False


def per_article(db: Path) -> tuple[dict[str, tuple[int, int]], int, list[tuple]]:
    """(article -> (mentions, events)) of the current tables, duplicate current ids, runs."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        counts = {a: (m, e) for a, m, e in con.execute("""
            SELECT a.article_id,
                   (SELECT count(*) FROM mentions m WHERE m.article_id = a.article_id),
                   (SELECT count(*) FROM events e WHERE e.article_id = a.article_id)
            FROM articles a""").fetchall()}
        duplicates = con.execute("SELECT count(*) - count(DISTINCT article_id) FROM articles").fetchall()[0][0]
        runs = con.execute("SELECT run_id, status FROM runs ORDER BY run_id").fetchall()
        return counts, duplicates, runs
    finally:
        con.close()


def trial(number: int, kind: str, code: Path, sources: Path, db: Path, home: Path, work: Path,
          reference: dict, expected_seconds: float) -> dict:
    log = work / f"trial-{number:02d}.log"
    cli = start(code, sources, db, home, log)
    started = time.monotonic()
    at = random.uniform(0.5, expected_seconds)
    seen: dict[int, psutil.Process] = {}
    hit, stage, fault_time = None, "-", None
    while cli.poll() is None and time.monotonic() - started < RUN_BOUND_SECONDS:
        for process in descendants(cli.pid):
            seen.setdefault(process.pid, process)
        if hit is None and time.monotonic() - started >= at:
            pids = target(kind, cli)
            if pids:
                stage, fault_time = stage_of(log), time.monotonic() - started
                for pid in pids:
                    try:
                        if kind == "cli-int":
                            os.killpg(pid, signal.SIGINT)
                        else:
                            os.kill(pid, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
                hit = pids
        time.sleep(0.1)
    hang = cli.poll() is None
    if hang:
        cli.kill()
    code_ = cli.wait()
    ended = time.monotonic() - started
    after_fault = ended - fault_time if fault_time is not None else None
    # Orphans: anything the run started that outlives it by ORPHAN_BOUND_SECONDS.
    deadline = time.monotonic() + ORPHAN_BOUND_SECONDS
    alive = [p for p in seen.values() if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
    while alive and time.monotonic() < deadline:
        time.sleep(0.5)
        alive = [p for p in alive if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
    orphans = [f"{p.pid}:{cmdline(p)[:40]}" for p in alive]
    for process in alive:
        process.kill()
    row = {"trial": number, "kind": kind, "fault_at": fault_time, "stage": stage, "exit": code_,
           "seconds": round(ended, 1), "after_fault": after_fault, "hang": hang, "orphans": orphans,
           "lock_free": lock_free(db) if db.exists() else True, "problems": []}
    # Checks that need no warehouse first: a run killed early may have made none.
    if kind in ("worker-kill", "server-kill") and hit and code_ != 0:
        row["problems"].append(f"the run did not survive the {kind} (exit {code_})")
    if kind == "cli-int" and hit and code_ != 130:
        row["problems"].append(f"Ctrl-C ended with exit {code_}")
    if kind == "cli-int" and hit and after_fault is not None and after_fault > INT_BOUND_SECONDS:
        row["problems"].append(f"Ctrl-C took {after_fault:.1f} s")
    if hang:
        row["problems"].append(f"hang: still running after {RUN_BOUND_SECONDS} s")
    if orphans:
        row["problems"].append(f"orphans: {orphans}")
    if not row["lock_free"]:
        row["problems"].append("writer lock still held")
    if not db.exists():
        row.update(opens=True, articles=0, committed_runs=0)
        return row
    health = check(db)
    row["problems"] += [f"doctor: {p}" for p in health.problems]
    try:
        counts, duplicates, runs = per_article(db)
    except duckdb.Error as error:
        row.update(opens=False, articles=None, committed_runs=None)
        row["problems"].append(f"does not open: {error}")
        return row
    row.update(opens=True, articles=len(counts), committed_runs=sum(s == "committed" for _, s in runs))
    if duplicates:
        row["problems"].append(f"{duplicates} duplicate current ids")
    wrong = [a for a, c in counts.items() if reference.get(a) != c]
    if wrong:
        row["problems"].append(f"{len(wrong)} articles differ from the reference, e.g. {wrong[0]}")
    newest = runs[-1][1] if runs else None
    if code_ == 0 and newest != "committed":
        row["problems"].append(f"exit 0 but the newest run is {newest}")
    if code_ not in (0, -9, 130) and newest == "committed":
        row["problems"].append(f"exit {code_} but the newest run committed")
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=30)
    parser.add_argument("--articles", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--kinds", default=",".join(KINDS), help="comma-separated subset of " + ", ".join(KINDS))
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout whose khronika runs")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs)")
    args = parser.parse_args()
    if not CORPUS.exists():
        print(f"corpus not found: {CORPUS}")
        return 0
    random.seed(args.seed)
    kinds = args.kinds.split(",")
    work = Path(tempfile.mkdtemp(prefix="fault-campaign-"))
    try:
        sources, home = work / "sources", work / "prefect-home"
        write_corpus(sources, args.articles)
        clean_db = work / "reference" / "khronika.duckdb"
        began = time.monotonic()
        reference_run = start(args.code, sources, clean_db, home, work / "reference.log")
        if reference_run.wait(RUN_BOUND_SECONDS) != 0:
            print((work / "reference.log").read_text()[-2000:])
            return 1
        expected = time.monotonic() - began
        reference, _, _ = per_article(clean_db)
        print(f"reference: {len(reference)} articles in {args.articles // PER_FILE} files, "
              f"{sum(m for m, _ in reference.values())} mentions, {expected:.0f} s unharmed; code {args.code}",
              flush=True)
        db = work / "trial" / "khronika.duckdb"
        header = f"{'#':>2} {'fault':11} {'at s':>5} {'stage at fault':22} {'exit':>4} {'end s':>6} " \
                 f"{'arts':>4} {'runs':>4} {'lock':4} {'orph':>4}  verdict"
        print(header, flush=True)
        rows = []
        for number in range(1, args.trials + 1):
            row = trial(number, random.choice(kinds), args.code, sources, db, home, work, reference, expected)
            rows.append(row)
            at = f"{row['fault_at']:.1f}" if row["fault_at"] is not None else "-"
            print(f"{number:>2} {row['kind']:11} {at:>5} {row['stage'][:22]:22} {row['exit']:>4} "
                  f"{row['seconds']:>6} {row['articles'] if row['articles'] is not None else '?':>4} "
                  f"{row['committed_runs'] if row['committed_runs'] is not None else '?':>4} "
                  f"{'free' if row['lock_free'] else 'HELD':4} {len(row['orphans']):>4}  "
                  f"{'ok' if not row['problems'] else '; '.join(row['problems'])[:160]}", flush=True)
            if row["articles"] == len(reference) or row["exit"] == 0:
                shutil.rmtree(db.parent, ignore_errors=True)  # corpus done: the next trial starts empty
        # The last state must complete to the reference.
        final = start(args.code, sources, db, home, work / "final.log")
        final_exit = final.wait(RUN_BOUND_SECONDS)
        counts, duplicates, _ = per_article(db)
        final_ok = final_exit == 0 and counts == reference and not duplicates and check(db).ok
        failed = [row for row in rows if row["problems"]]
        by_kind = {kind: sum(row["kind"] == kind for row in rows) for kind in kinds}
        print(f"\n{len(rows)} trials {by_kind}: {len(rows) - len(failed)} passed every check, {len(failed)} failed; "
              f"orphans {sum(len(r['orphans']) for r in rows)}, hangs {sum(r['hang'] for r in rows)}, "
              f"lock held {sum(not r['lock_free'] for r in rows)}, data wrong "
              f"{sum(any('differ' in p or 'duplicate' in p for p in r['problems']) for r in rows)}; "
              f"final run to completion equals the reference: {final_ok}")
        int_times = [r["after_fault"] for r in rows if r["kind"] == "cli-int" and r["after_fault"] is not None]
        if int_times:
            print(f"Ctrl-C to exit: max {max(int_times):.1f} s, median {sorted(int_times)[len(int_times) // 2]:.1f} s")
        return 0 if not failed and final_ok else 1
    finally:
        if args.keep:
            print(f"logs in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
