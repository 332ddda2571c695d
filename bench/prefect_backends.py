"""The Prefect server on SQLite vs PostgreSQL under a burst of clicks on Run.

    python bench/prefect_backends.py --backends sqlite postgres --runs 10

For each backend: bring up a fresh stack (`khronika stack up [--database postgres]`) in a
temporary home on free ports, then right away, as a user clicking Run again and again, create
`--runs` nightly flow runs back to back (POST /deployments/{id}/create_flow_run, no pause),
while polling every run's state like an open UI. Requests are sent without the client's
retries, so every HTTP 503 ("database busy") is counted; a refused request is sent again until
it goes through. Reports the 503s seen by these requests and in the worker's log, and the time
from the first click to the last run Completed (the runs share one warehouse, so the
deployment's concurrency limit runs them one after another: the first loads seeds/, the others
find nothing new).
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from flows.ops import stack

# The test suite's Prefect API helpers live in tests/, which is not an installed package.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.prefect_api import FINAL_STATES, deployment, start_test_stack


class Counter:
    """Plain HTTP calls that count 503s and send the request again until it is answered."""

    def __init__(self) -> None:
        self.busy = 0
        self.lock = threading.Lock()

    def call(self, method: str, url: str, **kwargs) -> httpx.Response:
        while True:
            response = httpx.request(method, url, timeout=60.0, **kwargs)
            if response.status_code != 503:
                response.raise_for_status()
                return response
            with self.lock:
                self.busy += 1
            time.sleep(0.2)


def measure(backend: str, runs: int, timeout: float, parallel: bool = False) -> dict:
    # The postgres user (when run as root) must be able to enter the home: 0755, not 0700.
    tmp = Path(tempfile.mkdtemp(prefix=f"khronika-bench-{backend}-"))
    tmp.chmod(0o755)
    home = tmp / "stack"
    try:
        started = time.monotonic()
        config = start_test_stack(home, database=backend)
        up_seconds = time.monotonic() - started
        api = config.api_url
        nightly = deployment(api, "khronika-etl", "nightly")
        db = tmp / "warehouse" / "khronika.duckdb"
        create, poll = Counter(), Counter()
        clicked = time.monotonic()
        def click(_: int) -> str:
            return create.call("POST", f"{api}/deployments/{nightly['id']}/create_flow_run",
                               json={"state": {"type": "SCHEDULED"}, "parameters": {"db": str(db)}}
                               ).json()["id"]

        if parallel:  # every click at once, as several users (or scripts) would
            with ThreadPoolExecutor(max_workers=runs) as pool:
                ids = list(pool.map(click, range(runs)))
        else:
            ids = [click(number) for number in range(runs)]
        created = time.monotonic() - clicked
        final: dict[str, dict] = {}
        deadline = clicked + timeout
        while len(final) < runs:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{backend}: {runs - len(final)} runs not final after {timeout:.0f} s")
            for run_id in ids:
                if run_id not in final:
                    run = poll.call("GET", f"{api}/flow_runs/{run_id}").json()
                    if run["state_type"] in FINAL_STATES:
                        final[run_id] = run
            time.sleep(0.5)
        last = time.monotonic() - clicked
        worker_log = (home / "logs" / "worker.log").read_text(encoding="utf-8", errors="replace")
        server_log = (home / "logs" / "server.log").read_text(encoding="utf-8", errors="replace")
        return {"backend": backend, "up": up_seconds, "created": created,
                "busy_create": create.busy, "busy_poll": poll.busy,
                # httpx's message for a refused call; a bare "503" also matches inside run ids.
                "busy_worker_log": worker_log.count("503 Service Unavailable"),
                "locked_server_log": server_log.count("database is locked"),
                "completed": sum(r["state_type"] == "COMPLETED" for r in final.values()),
                "last_completed": last}
    finally:
        stack.down(home, out=lambda line: None)
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backends", nargs="+", choices=stack.DATABASES,
                        default=list(stack.DATABASES))
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=1, help="stacks per backend")
    parser.add_argument("--timeout", type=float, default=900.0)
    parser.add_argument("--parallel", action="store_true",
                        help="send the clicks all at once from threads instead of back to back")
    args = parser.parse_args()
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; {args.runs} runs per "
          f"stack, clicks {'all at once' if args.parallel else 'back to back'}")
    print("backend | stack up s | clicks answered s | 503s creating runs | 503s polling | "
          "503s in worker log | 'database is locked' in server log | Completed | "
          "first click → last Completed s")
    for _ in range(args.repeat):
        for backend in args.backends:
            r = measure(backend, args.runs, args.timeout, args.parallel)
            print(f"{r['backend']} | {r['up']:.0f} | {r['created']:.1f} | {r['busy_create']} | {r['busy_poll']} | "
                  f"{r['busy_worker_log']} | {r['locked_server_log']} | "
                  f"{r['completed']}/{args.runs} | {r['last_completed']:.0f}", flush=True)


if __name__ == "__main__":
    main()
