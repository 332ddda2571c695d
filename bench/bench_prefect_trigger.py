"""Trigger-to-completed time of the nightly deployment, and the stack's memory, per worker
polling interval.

    python bench/bench_prefect_trigger.py --poll 10 2 --runs 3

For each interval: bring up a stack in a temporary PREFECT_HOME on a free port, press "Run"
(POST /api/deployments/{id}/create_flow_run) `--runs` times one after another, each into a
fresh warehouse so every run does the full work on seeds/, and report how long the run waited
for the worker to pick it up (created → pending: the polling interval's share), until its flow
started (created → running: plus process start and imports) and until Completed. Resident
memory is sampled for the server and the worker (with the flow-run processes they start).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from flows.ops import stack
from flows.ops.stack import api_request

# The test suite's Prefect API helpers live in tests/, which is not an installed package.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.prefect_api import create_flow_run, deployment, flow_run, start_test_stack  # noqa: E402


def measure(poll_seconds: float, runs: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="khronika-bench-") as tmp:
        home = Path(tmp) / "stack"
        try:
            config = start_test_stack(home, poll_seconds=poll_seconds)
            state = stack.load_state(home)
            api = config.api_url
            nightly = deployment(api, "khronika-etl", "nightly")
            idle = {name: stack.family_rss(state[name]) for name in ("server", "worker")}
            peak = dict(idle)
            pickups, waits, totals = [], [], []
            for number in range(runs):
                db = Path(tmp) / f"run-{number}" / "khronika.duckdb"
                clicked = time.monotonic()
                response = create_flow_run(api, nightly["id"], {"db": str(db)})
                response.raise_for_status()
                run_id = response.json()["id"]
                while (run := flow_run(api, run_id))["state_type"] not in (
                        "COMPLETED", "FAILED", "CRASHED", "CANCELLED"):
                    for name in peak:
                        peak[name] = max(peak[name], stack.family_rss(state[name]))
                    time.sleep(0.2)
                totals.append(time.monotonic() - clicked)
                if run["state_type"] != "COMPLETED":
                    raise RuntimeError(f"run {run['name']} ended {run['state_name']}")
                created = datetime.fromisoformat(run["created"])
                states = api_request("GET", f"{api}/flow_run_states/",
                                     params={"flow_run_id": run_id}).json()
                pending = min(datetime.fromisoformat(s["timestamp"]) for s in states
                              if s["type"] == "PENDING")
                pickups.append((pending - created).total_seconds())
                waits.append((datetime.fromisoformat(run["start_time"]) - created).total_seconds())
        finally:
            stack.down(home, out=lambda line: None)
    return {"poll": poll_seconds, "pickups": pickups, "waits": waits, "totals": totals, "idle": idle, "peak": peak}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--poll", type=float, nargs="+", default=[10.0, stack.DEFAULT_POLL_SECONDS])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    mb = 2**20
    print("poll s | created→picked up s (median, max) | created→running s (median, max) | "
          "click→Completed s (median, max) | RSS idle server/worker MB | "
          "RSS peak server/worker+runs MB")
    for poll in args.poll:
        result = measure(poll, args.runs)
        print(f"{poll:6g} | {statistics.median(result['pickups']):6.1f} {max(result['pickups']):6.1f}"
              f" | {statistics.median(result['waits']):6.1f} {max(result['waits']):6.1f}"
              f" | {statistics.median(result['totals']):6.1f} {max(result['totals']):6.1f}"
              f" | {result['idle']['server'] / mb:5.0f} / {result['idle']['worker'] / mb:5.0f}"
              f" | {result['peak']['server'] / mb:5.0f} / {result['peak']['worker'] / mb:5.0f}",
              flush=True)


if __name__ == "__main__":
    main()
