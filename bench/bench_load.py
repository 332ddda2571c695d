"""Cost of a run's load (one transaction: staged rows in, resolution, place links, aliases,
audits) on lenta_1000, for this tree and optionally another one (a baseline checkout).

    python bench/bench_load.py [--n 1000] [--repeat 3] [--baseline PATH_TO_OTHER_TREE]

Extraction runs once, here, into a staging folder (the staged layout is the same for both
trees); then each tree loads it into a fresh warehouse `--repeat` times, alternating, each in its
own process. Printed: wall seconds and process CPU seconds (all threads) of `load_run`, median
per tree, and their ratio. CPU time is the figure to read on a shared machine: wall time moves
with whatever else runs, CPU time much less. Exits quietly when the corpus is absent.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpus import LENTA_1000 as CORPUS
from corpus import PROJECT_ROOT


def stage(n: int, root: Path) -> Path:
    """lenta_1000's first n articles ingested and extracted into root/staging."""
    sys.path.insert(0, str(PROJECT_ROOT))
    from tasks.ingest.discover import discover
    from tasks.ingest.intake import stage_articles
    from tasks.nlp.extract import extract_batch
    from tasks.nlp.models import load_models
    from tasks.settings import EXTRACTOR_VERSION, Limits
    from tasks.warehouse.runs import WarehouseState
    from tasks.warehouse.staging import Staging

    source = root / "input"
    source.mkdir()
    with open(CORPUS, encoding="utf-8") as lines, open(source / "lenta.jsonl", "w", encoding="utf-8") as out:
        out.writelines(json.dumps({"id": f"lenta-{number:04d}", "text": line.rstrip("\n")}, ensure_ascii=False) + "\n"
                       for number, line in zip(range(n), lines))
    staging = Staging(root / "staging")
    intake = stage_articles(discover([source], Limits()), WarehouseState({}, {}, {}), Limits(), staging, 50)
    models = load_models()
    for path in intake.batches:
        extract_batch(str(path), staging, models, EXTRACTOR_VERSION)
    return root / "staging"


def time_load(staging_root: str, db: str) -> dict:
    """One load of the staged rows into a fresh warehouse, in this process (child mode)."""
    from tasks.warehouse.load import load_run
    from tasks.warehouse.runs import begin_run
    from tasks.warehouse.staging import Staging

    run_id = begin_run(db, flow_run_id=None, flow_name="bench", code_version="bench", extractor_version="bench",
                       model_versions={}, parameters={})
    tables = Staging(staging_root).tables()
    wall, cpu = time.perf_counter(), time.process_time()
    load_run(db, run_id, tables, {}, [])
    return {"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--baseline", type=Path, help="another checkout of the project to compare with")
    parser.add_argument("--child", nargs=2, metavar=("STAGING", "DB"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(time_load(*args.child)))
        return
    if not CORPUS.exists():
        print(f"corpus {CORPUS} not available; nothing to measure")
        return
    trees = {"this": PROJECT_ROOT}
    if args.baseline:
        trees = {"baseline": args.baseline.resolve(), **trees}
    with tempfile.TemporaryDirectory(prefix="khronika-bench-load-") as tmp:
        staging = stage(args.n, Path(tmp))
        print(f"staged {args.n} articles; load average {os.getloadavg()[0]:.1f}", flush=True)
        runs: dict[str, list[dict]] = {name: [] for name in trees}
        for repeat in range(args.repeat):
            for name, tree in trees.items():
                db = Path(tmp) / f"{name}-{repeat}.duckdb"
                out = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", str(staging), str(db)],
                                     env={**os.environ, "PYTHONPATH": str(tree)}, cwd=tree,
                                     capture_output=True, text=True, check=True)
                runs[name].append(json.loads(out.stdout.strip().splitlines()[-1]))
                print(f"  {name}: wall {runs[name][-1]['wall']:.2f} s, cpu {runs[name][-1]['cpu']:.2f} s", flush=True)
        medians = {name: {k: statistics.median(r[k] for r in rs) for k in ("wall", "cpu")} for name, rs in runs.items()}
        for name, m in medians.items():
            print(f"{name} ({trees[name]}): load median wall {m['wall']:.2f} s, cpu {m['cpu']:.2f} s")
        if "baseline" in medians:
            print(f"this / baseline: wall {medians['this']['wall'] / medians['baseline']['wall']:.2f}x, "
                  f"cpu {medians['this']['cpu'] / medians['baseline']['cpu']:.2f}x "
                  f"(load average now {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
