"""Talking to a real Prefect server the way the UI does, for the server and browser tests."""
from __future__ import annotations

import time
from pathlib import Path

import httpx
import yaml

from flows.ops import stack
from flows.ops.stack import api_request as request
from flows.ops.temporary_server import free_port
from tasks.settings import PROJECT_ROOT

FINAL_STATES = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}
def prefect_file_with_db(target: Path, db: Path) -> Path:
    """A copy of the project's prefect.yaml whose deployments all write `db`."""
    config = yaml.safe_load((PROJECT_ROOT / "prefect.yaml").read_text(encoding="utf-8"))
    for deployment in config["deployments"]:
        deployment.setdefault("parameters", {})["db"] = str(db)
    target.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False),
                      encoding="utf-8")
    return target


def start_test_stack(home: Path, poll_seconds: float = stack.DEFAULT_POLL_SECONDS,
                     database: str = "sqlite", notify_webhook: str | None = None) -> stack.StackConfig:
    """A stack on a free loopback port with its state in `home`; the caller must call down.
    With postgres as root, `home` must be under folders the postgres user can enter."""
    home.mkdir(parents=True, exist_ok=True)
    config = stack.StackConfig(
        home=home, port=free_port(), dashboard_port=free_port(), poll_seconds=poll_seconds,
        tie_to_parent=True, dashboards_dir=home / "dashboards", database=database,
        notify_webhook=notify_webhook, start_timeout=180.0,
        prefect_file=prefect_file_with_db(home / "prefect.yaml", home / "warehouse.duckdb"))
    stack.up(config, out=lambda line: None)
    return config


def deployment(api: str, flow_name: str, name: str) -> dict:
    response = request("GET", f"{api}/deployments/name/{flow_name}/{name}")
    response.raise_for_status()
    return response.json()


def create_flow_run(api: str, deployment_id: str, parameters: dict | None = None) -> httpx.Response:
    """What the UI's Run button sends (Quick run: no parameters; Custom run: some)."""
    body: dict = {"state": {"type": "SCHEDULED"}}
    if parameters is not None:
        body["parameters"] = parameters
    return request("POST", f"{api}/deployments/{deployment_id}/create_flow_run", json=body)


def flow_run(api: str, flow_run_id: str) -> dict:
    response = request("GET", f"{api}/flow_runs/{flow_run_id}")
    response.raise_for_status()
    return response.json()


def wait_final(api: str, flow_run_id: str, timeout: float = 240.0) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        run = flow_run(api, flow_run_id)
        if run["state_type"] in FINAL_STATES:
            return run
        if time.monotonic() > deadline:
            raise TimeoutError(f"flow run {flow_run_id} still {run['state_name']} "
                               f"after {timeout:.0f} s")
        time.sleep(0.5)


def artifacts(api: str, flow_run_id: str) -> list[dict]:
    response = request("POST", f"{api}/artifacts/filter",
                       json={"artifacts": {"flow_run_id": {"any_": [flow_run_id]}}})
    response.raise_for_status()
    return response.json()


def logs(api: str, flow_run_id: str) -> str:
    response = request("POST", f"{api}/logs/filter",
                       json={"logs": {"flow_run_id": {"any_": [flow_run_id]}},
                             "sort": "TIMESTAMP_ASC", "limit": 200})
    response.raise_for_status()
    return "\n".join(entry["message"] for entry in response.json())
