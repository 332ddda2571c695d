"""Throughput, memory and rerun time of `khronika run` against the naive Natasha loop.

    python bench/throughput.py [--n 1000] [--workers N] [--repeat K] [--no-verify]

In one invocation, on ../shared/corpora/lenta_1000.txt (or $KHRONIKA_SHARED/corpora; the first
--n articles), written as JSONL records with ids into a temporary folder:

(a) the naive loop: one process, models loaded once, each article through natasha's own Doc
    methods (segment, morph, syntax, NER, lemmas, normal forms), NamesExtractor on every person
    and DatesExtractor on every sentence, as a plain Natasha script would; the product's
    per-article functions turn that into rows (entity resolution, events) — the same outputs.
    The product's own levers (batched taggers, the date prefilter, memoised names and lemmas,
    worker processes) are what (b) adds;
(b) the product end to end: `python -m flows.cli run` into a fresh warehouse, timed from process
    start to exit, peak RSS summed over the process and all its children (workers, the
    temporary Prefect server);
(c) the same command again on the unchanged input (hash check, no NLP).

It prints articles/s of (a) and (b), their ratio, the rerun time and peak RSS, and checks that
the parallel run's warehouse rows equal those of a `--workers 1` run and of the naive loop.
`--repeat K` instead runs the product on 1 copy and on K copies of the corpus (distinct ids) and
prints peak RSS of both, to show memory stays flat. Exits quietly when the corpus is absent.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
from corpus import LENTA_1000 as CORPUS
from corpus import PROJECT_ROOT

MB = 1024 * 1024
# Warehouse rows compared between runs; run_id differs by construction.
COMPARED = {
    "mentions": "SELECT * EXCLUDE (run_id) FROM mentions",
    "entities": "SELECT entity_id, type, name FROM entities",
    "events": "SELECT * EXCLUDE (run_id) FROM events",
    "event_arguments": "SELECT * EXCLUDE (run_id) FROM event_arguments",
}
# The naive loop's rows, compared over the columns its rows have.
NAIVE_COMPARED = {
    "mentions": "SELECT * FROM mentions",
    "events": "SELECT * FROM events",
    "event_arguments": "SELECT * FROM event_arguments",
}


def read_corpus(n: int) -> list[str]:
    with open(CORPUS, encoding="utf-8") as lines:
        return [line.rstrip("\n") for line, _ in zip(lines, range(n))]


def write_jsonl(texts: list[str], folder: Path, copies: int = 1) -> Path:
    """One JSONL file per copy of the corpus; ids are distinct across copies."""
    folder.mkdir(parents=True, exist_ok=True)
    for copy in range(copies):
        with open(folder / f"lenta-{copy:03d}.jsonl", "w", encoding="utf-8") as out:
            for number, text in enumerate(texts):
                out.write(json.dumps({"id": f"{copy}-{number}", "text": text}, ensure_ascii=False) + "\n")
    return folder


# (a) the naive loop --------------------------------------------------------------------------

def without_product_shortcuts() -> None:
    """Call natasha's extractors the plain way in this process: DatesExtractor on every
    sentence (no prefilter), NamesExtractor and the lemmatizer on every name (no memo).
    Outputs are the same; only the product's shortcuts go."""
    import functools

    from tasks.nlp import dates, entities

    entities.person_name_parts = entities.person_name_parts.__wrapped__
    entities._word_lemma = entities._word_lemma.__wrapped__
    dates.find_explicit_dates = functools.partial(dates.find_explicit_dates, prefilter=False)


def naive_loop(input_dir: str, blas: str) -> dict:
    """Run in a child process: the naive loop over the bench input; timings and outputs."""
    started = time.monotonic()
    if blas == "pinned":
        from tasks.nlp.pool import one_math_thread

        one_math_thread()
    from tasks.ingest.discover import discover
    from tasks.ingest.read_file import ingest_file
    from tasks.nlp.annotate import annotate_per_document
    from tasks.nlp.extract import extract_article
    from tasks.nlp.models import load_models
    from tasks.settings import Limits

    without_product_shortcuts()
    limits = Limits()
    articles = [a for f in discover([input_dir], limits) if f.status is None for a in ingest_file(f, limits).articles]
    models = load_models()
    loaded = time.monotonic()
    rows: dict[str, list[dict]] = {table: [] for table in NAIVE_COMPARED}
    failed = 0
    for article in articles:
        try:
            doc = annotate_per_document(article["text"], models)
            extraction = extract_article(article, models, doc)
        except Exception:  # the product quarantines such an article; count it the same way
            failed += 1
            continue
        for table in NAIVE_COMPARED:
            rows[table].extend(getattr(extraction, table))
    finished = time.monotonic()
    return {
        "articles": len(articles), "failed": failed, "seconds": finished - started,
        "nlp_seconds": finished - loaded,
        "max_rss_mb": psutil.Process().memory_info().rss / MB,
        "rows": {table: naive_row_hashes(table_rows) for table, table_rows in rows.items()},
    }


def naive_row_hashes(rows: list[dict]) -> dict:
    """Row hashes over the row's own columns in name order; entity ids are left out, since the
    warehouse may merge an article's entity into one an earlier batch registered."""
    columns = sorted({key for row in rows for key in row} - {"entity_id"})
    return {"columns": columns, "hashes": sorted(_row_hash(row.get(c) for c in columns) for row in rows)}


def run_naive(input_dir: Path, blas: str) -> dict:
    """The naive loop in a fresh process, so its memory and imports are its own."""
    result = run_measured([sys.executable, __file__, "--naive-child", str(input_dir), "--naive-blas", blas])
    return {**json.loads(result["stdout"].splitlines()[-1]), "peak_rss_mb": result["peak_rss_mb"],
            "wall": result["wall"], "cpu": result["cpu"]}


# (b), (c) the product ------------------------------------------------------------------------

class TreeRss:
    """Samples the summed memory of a process and its descendants until stopped: RSS (pages
    shared between workers count once per process) and PSS (shared pages split between them)."""

    def __init__(self, pid: int, every: float = 0.2, report_every: float | None = None):
        self.root, self.every, self.report_every = psutil.Process(pid), every, report_every
        self.peak, self.peak_pss, self.samples = 0, 0, []
        self.cpu: dict[int, float] = {}  # pid -> user + system seconds last seen
        self.roles: dict[int, str] = {}  # pid -> what the process is (process_role)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        started = time.monotonic()
        while not self._stop.is_set():
            total = pss = 0
            try:
                for process in [self.root, *self.root.children(recursive=True)]:
                    try:
                        memory = process.memory_full_info()
                        total, pss = total + memory.rss, pss + memory.pss
                        times = process.cpu_times()
                        self.cpu[process.pid] = times.user + times.system
                        if process.pid not in self.roles:
                            self.roles[process.pid] = process_role(process, self.root)
                    except psutil.Error:
                        pass
            except psutil.Error:
                break
            self.peak, self.peak_pss = max(self.peak, total), max(self.peak_pss, pss)
            elapsed = time.monotonic() - started
            if self.report_every and (not self.samples or
                                      elapsed // self.report_every > self.samples[-1][0] // self.report_every):
                print(f"    {elapsed:6.0f} s: RSS {total / MB:.0f} MB, PSS {pss / MB:.0f} MB "
                      f"(peaks {self.peak / MB:.0f} / {self.peak_pss / MB:.0f} MB)", flush=True)
            self.samples.append((elapsed, total))
            self._stop.wait(self.every)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def process_role(process: psutil.Process, root: psutil.Process) -> str:
    """run (the CLI), worker (a child of the fork server the pool starts), fork server, or
    other (the temporary Prefect server and what it starts): the budget is the workers' CPU."""
    if process.pid == root.pid:
        return "run"
    try:
        if "forkserver" in " ".join(process.cmdline()):
            parent = process.parent()
            return "worker" if parent is not None and "forkserver" in " ".join(parent.cmdline()) else "fork server"
    except psutil.Error:
        pass
    return "other"


def cpu_by_role(rss: TreeRss) -> dict[str, float]:
    out: dict[str, float] = {}
    for pid, seconds in rss.cpu.items():
        role = rss.roles.get(pid, "other")
        out[role] = out.get(role, 0.0) + seconds
    return out


def run_measured(command: list[str], report_every: float | None = None) -> dict:
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    rss = TreeRss(process.pid, report_every=report_every)
    stdout, stderr = process.communicate()
    wall = time.monotonic() - started
    rss.stop()
    if process.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({process.returncode}):\n{stderr[-3000:]}")
    return {"wall": wall, "peak_rss_mb": rss.peak / MB, "peak_pss_mb": rss.peak_pss / MB, "samples": rss.samples,
            "cpu": sum(rss.cpu.values()), "cpu_by_role": cpu_by_role(rss), "stdout": stdout}


def khronika_run(input_dir: Path, db: Path, workers: int | None, report_every: float | None = None) -> dict:
    command = [sys.executable, "-m", "flows.cli", "run", str(input_dir), "--db", str(db)]
    if workers:
        command += ["--workers", str(workers)]
    return run_measured(command, report_every)


def _row_hash(values) -> str:
    return hashlib.sha1("\x1f".join(map(str, values)).encode("utf-8")).hexdigest()


def warehouse_rows(db: Path) -> dict[str, list[str]]:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return {name: sorted(_row_hash(row) for row in con.execute(sql).fetchall()) for name, sql in COMPARED.items()}
    finally:
        con.close()


def warehouse_rows_like(db: Path, table: str, columns: list[str]) -> list[str]:
    """The warehouse's rows of `table` hashed over the naive loop's `columns`, in that order."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        cursor = con.execute(NAIVE_COMPARED[table])
        names = [d[0] for d in cursor.description]
        order = [names.index(column) for column in columns]
        return sorted(_row_hash(row[i] for i in order) for row in cursor.fetchall())
    finally:
        con.close()


def rss_at(samples: list[tuple[float, int]], fraction: float) -> float:
    """Summed RSS at a fraction of the run's wall time."""
    if not samples:
        return 0.0
    end = samples[-1][0]
    return max((rss for t, rss in samples if t <= end * fraction), default=0) / MB


def print_rss_profile(label: str, samples: list[tuple[float, int]]) -> None:
    marks = "  ".join(f"{int(f * 100)}%: {rss_at(samples, f):.0f}" for f in (0.25, 0.5, 0.75, 1.0))
    print(f"  {label} peak RSS so far at run time {marks} MB")


def bench(args: argparse.Namespace) -> None:
    texts = read_corpus(args.n)
    with tempfile.TemporaryDirectory(prefix="khronika-bench-") as tmp:
        tmp = Path(tmp)
        input_dir = write_jsonl(texts, tmp / "input")
        n = len(texts)
        print(f"corpus: {n} articles of {CORPUS} as JSONL; {os.cpu_count()} cores; "
              f"load average {os.getloadavg()[0]:.1f}")

        if not args.skip_naive:
            naive = run_naive(input_dir, args.naive_blas)
            print(f"(a) naive loop ({args.naive_blas} BLAS threads, load average now {os.getloadavg()[0]:.1f}): "
                  f"{naive['articles']} articles in "
                  f"{naive['wall']:.1f} s wall = {naive['articles'] / naive['wall']:.1f} articles/s "
                  f"(NLP alone {naive['articles'] / naive['nlp_seconds']:.1f}/s), "
                  f"peak RSS {naive['peak_rss_mb']:.0f} MB")

        product = khronika_run(input_dir, tmp / "w" / "khronika.duckdb", args.workers)
        print(f"(b) khronika run (workers {args.workers or 'default'}, load average now {os.getloadavg()[0]:.1f}): "
              f"{n} articles in {product['wall']:.1f} s "
              f"wall from process start = {n / product['wall']:.1f} articles/s, "
              f"peak RSS {product['peak_rss_mb']:.0f} MB summed over the process tree (PSS {product['peak_pss_mb']:.0f} MB)")
        roles = product["cpu_by_role"]
        print(f"    CPU seconds over all its processes {product['cpu']:.1f}: "
              + ", ".join(f"{role} {roles[role]:.1f}" for role in sorted(roles))
              + f"; workers {1000 * roles.get('worker', 0.0) / n:.1f} ms/article")
        if not args.skip_naive:
            ratio = (n / product["wall"]) / (naive["articles"] / naive["wall"])
            print(f"    ratio (b)/(a): {ratio:.2f}x  (target >= 1.8x, moonshot 2.5x)")
            # On a busy machine the two walls saw different loads; CPU seconds do not depend on it.
            cores = len(os.sched_getaffinity(0))
            print(f"    CPU seconds: (a) {naive['cpu']:.0f}, (b) {product['cpu']:.0f} over all its processes; "
                  f"if (b) kept {cores} idle cores busy: {naive['cpu'] / (product['cpu'] / cores):.2f}x")

        rerun = khronika_run(input_dir, tmp / "w" / "khronika.duckdb", args.workers)
        print(f"(c) rerun on unchanged input: {rerun['wall']:.1f} s wall from process start "
              f"(target <= 10 s), peak RSS {rerun['peak_rss_mb']:.0f} MB")

        if args.verify:
            parallel_rows = warehouse_rows(tmp / "w" / "khronika.duckdb")
            single = khronika_run(input_dir, tmp / "w1" / "khronika.duckdb", 1)
            single_rows = warehouse_rows(tmp / "w1" / "khronika.duckdb")
            print(f"    (workers 1: {n / single['wall']:.1f} articles/s, peak RSS {single['peak_rss_mb']:.0f} MB)")
            for table in COMPARED:
                same = parallel_rows[table] == single_rows[table]
                print(f"    {table}: {len(parallel_rows[table])} rows, "
                      f"{'identical to' if same else 'DIFFERENT from'} the single-process run")
            if not args.skip_naive:
                for table, expected in naive["rows"].items():
                    found = warehouse_rows_like(tmp / "w" / "khronika.duckdb", table, expected["columns"])
                    same = found == expected["hashes"]
                    print(f"    {table} {'identical to' if same else 'DIFFERENT from'} the naive loop's "
                          f"({len(expected['hashes'])} vs {len(found)} rows)")


def bench_memory(args: argparse.Namespace) -> None:
    texts = read_corpus(args.n)
    with tempfile.TemporaryDirectory(prefix="khronika-bench-") as tmp:
        tmp = Path(tmp)
        print(f"memory: {len(texts)} articles x 1 and x {args.repeat}, distinct ids; {os.cpu_count()} cores")
        for copies in (1, args.repeat):
            input_dir = write_jsonl(texts, tmp / f"input-{copies}", copies)
            print(f"  {len(texts) * copies} articles: memory every minute", flush=True)
            run = khronika_run(input_dir, tmp / f"w{copies}" / "khronika.duckdb", args.workers, report_every=60)
            n = len(texts) * copies
            print(f"  {n} articles: {run['wall']:.1f} s = {n / run['wall']:.1f} articles/s, "
                  f"peak RSS {run['peak_rss_mb']:.0f} MB summed over the process tree, "
                  f"PSS {run['peak_pss_mb']:.0f} MB (target <= 1536 MB)")
            print_rss_profile(f"{n} articles:", run["samples"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="articles of the corpus (default 1000)")
    parser.add_argument("--workers", type=int, default=None, help="khronika run --workers (default: one per core)")
    parser.add_argument("--repeat", type=int, default=0, metavar="K",
                        help="memory mode: run on 1 and on K copies of the corpus")
    parser.add_argument("--naive-blas", choices=["pinned", "default"], default="pinned",
                        help="BLAS threads of the naive loop: pinned to one (the stricter baseline) or the "
                             "library default")
    parser.add_argument("--skip-naive", action="store_true")
    parser.add_argument("--no-verify", dest="verify", action="store_false",
                        help="skip the workers=1 run and the row comparisons")
    parser.add_argument("--naive-child", metavar="DIR", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)
    if args.naive_child:
        print(json.dumps(naive_loop(args.naive_child, args.naive_blas)))
        return
    if not CORPUS.exists():
        print(f"corpus {CORPUS} not available; nothing to measure")
        return
    (bench_memory if args.repeat else bench)(args)


if __name__ == "__main__":
    main()
