"""The local Prefect stack: server, work pool, deployments and worker under one PREFECT_HOME.

`up` is safe to repeat: processes it recorded and that are still alive are reused, the work
pool is created only when missing, and deployments are re-applied from prefect.yaml.
`down` stops exactly the processes recorded in <home>/stack.json (and their children).
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import httpx

from flows.ops import postgres
from flows.ops.processes import (  # noqa: F401  (part of the stack's interface)
    StackError,
    family_rss,
    load_state,
    log_tail,
    recorded_process,
    save_state,
    spawn,
    state_path,
    stop_process,
)
from flows.ops.temporary_server import free_port
from tasks.settings import PROJECT_ROOT, default_dashboards_dir

WORK_POOL = "khronika"
WORKER_NAME = "khronika-local"
DEFAULT_HOME = PROJECT_ROOT / ".prefect"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 4200
# How often the worker asks the server for runs to start. A click on Run waits up to this
# long before the run starts; each poll is one small API call, cheap on a local server.
DEFAULT_POLL_SECONDS = 2.0
DASHBOARD_BIND_ATTEMPTS = 3  # the dashboard port can be taken between the check and the bind

# Heartbeats of deployment runs (Prefect needs 30 s or more); three missed ones mark the run
# Crashed (see zombie_automation).
HEARTBEAT_SECONDS = 30
ZOMBIE_AFTER_SECONDS = 3 * HEARTBEAT_SECONDS
ZOMBIE_AUTOMATION = "khronika: crash flow runs that stopped beating"
NOTIFY_AUTOMATION = "khronika: notify on failed flow runs"
NOTIFY_BLOCK = "khronika-failures"
DATABASES = ("sqlite", "postgres")

Printer = Callable[[str], None]


@dataclass
class StackConfig:
    home: Path = DEFAULT_HOME
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    poll_seconds: float = DEFAULT_POLL_SECONDS
    project_dir: Path = PROJECT_ROOT
    prefect_file: Path | None = None
    deploy: bool = True
    start_timeout: float = 90.0
    # Tests set this: if the process that ran `up` dies without `down`, the server and worker
    # get SIGTERM from the kernel instead of living on (Linux only).
    tie_to_parent: bool = False
    extra_env: dict[str, str] = field(default_factory=dict)
    # Dashboards are served over HTTP on loopback from here (the runs' snapshots), so a flow
    # run's dashboard link opens from the UI, which refuses file:// links.
    dashboards_dir: Path = field(default_factory=default_dashboards_dir)
    dashboard_port: int | None = None  # default: the server's port + 1
    # The server's database: SQLite in PREFECT_HOME (laptop default) or a local PostgreSQL
    # under <home>/postgres (see flows/ops/postgres.py).
    database: str | None = None  # default: what the running stack uses, else sqlite
    postgres_port: int | None = None  # default: a free port
    # When set, runs that end Failed or Crashed are POSTed here (see failure_notification).
    notify_webhook: str | None = None

    @property
    def dashboard_url(self) -> str:
        return f"http://127.0.0.1:{self.dashboard_port or self.port + 1}/"

    @property
    def client_host(self) -> str:
        # A wildcard bind is reachable from this machine on loopback.
        return "127.0.0.1" if self.host in ("0.0.0.0", "::", "") else self.host

    @property
    def api_url(self) -> str:
        return f"http://{self.client_host}:{self.port}/api"

    @property
    def ui_url(self) -> str:
        return f"http://{self.client_host}:{self.port}"

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            PREFECT_HOME=str(self.home),
            PREFECT_API_URL=self.api_url,
            PREFECT_UI_API_URL=self.api_url,
            PREFECT_SERVER_ANALYTICS_ENABLED="false",
            PREFECT_WORKER_QUERY_SECONDS=str(self.poll_seconds),
            # Flow runs say they are alive; a run that stops saying so is marked Crashed.
            PREFECT_FLOWS_HEARTBEAT_FREQUENCY=str(HEARTBEAT_SECONDS),
            KHRONIKA_DASHBOARD_ROOT=str(Path(self.dashboards_dir).resolve()),
            KHRONIKA_DASHBOARD_URL=self.dashboard_url,
        )
        if self.host != self.client_host and os.environ.get("PREFECT_UI_API_URL"):
            # Served to other machines: only the user knows the address their browsers use.
            env["PREFECT_UI_API_URL"] = os.environ["PREFECT_UI_API_URL"]
        env.update(self.extra_env)
        return env


# ---------------------------------------------------------------- server API

# A local server answers 503 while its SQLite database is busy; Prefect's client retries these.
RETRY_STATUS = {502, 503, 504}


def api_request(method: str, url: str, attempts: int = 6, **kwargs) -> httpx.Response:
    """One Prefect API call, retried with backoff while the server says it is busy."""
    kwargs.setdefault("timeout", 30.0)
    for attempt in range(attempts):
        response = httpx.request(method, url, **kwargs)
        if response.status_code not in RETRY_STATUS or attempt == attempts - 1:
            return response
        time.sleep(0.5 * 2**attempt)
    raise AssertionError("unreachable")


def server_healthy(api_url: str) -> bool:
    try:
        response = httpx.get(f"{api_url}/health", timeout=2.0)
        return response.status_code == 200 and response.json() is True
    except (httpx.HTTPError, ValueError):
        return False


def port_in_use(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(1.0)
        return sock.connect_ex((host, port)) == 0


def port_bindable(host: str, port: int) -> bool:
    """Whether a server could bind the port now. A connect probe misses a port held by an
    outgoing connection's local end, which still makes the bind fail."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as http.server binds
        try:
            sock.bind((host, port))
        except OSError:
            return False
        return True


def _wait(predicate: Callable[[], bool], timeout: float, what: str,
          process: dict | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        if process is not None and recorded_process(process) is None:
            raise StackError(f"{what}: the process exited; its log ends with:\n"
                             f"{log_tail(process['log'])}")
        time.sleep(0.5)
    tail = f"; its log ends with:\n{log_tail(process['log'])}" if process else ""
    raise StackError(f"{what}: not ready after {timeout:.0f} s{tail}")


def zombie_automation() -> dict:
    """The automation that marks a flow run Crashed when its heartbeats stop (its process was
    killed, its machine lost): Prefect's recipe for "zombie" runs. Crashed frees the run's
    concurrency slot, so the next nightly run does not wait behind a dead one."""
    from datetime import timedelta

    from prefect.client.schemas.objects import StateType
    from prefect.events.actions import ChangeFlowRunState
    from prefect.events.schemas.automations import AutomationCore, EventTrigger, Posture
    from prefect.events.schemas.events import ResourceSpecification

    automation = AutomationCore(
        name=ZOMBIE_AUTOMATION,
        description=f"A flow run with no heartbeat for {ZOMBIE_AFTER_SECONDS} s is marked Crashed.",
        trigger=EventTrigger(
            after={"prefect.flow-run.heartbeat"},
            expect={"prefect.flow-run.heartbeat", "prefect.flow-run.Completed",
                    "prefect.flow-run.Failed", "prefect.flow-run.Cancelled",
                    "prefect.flow-run.Crashed"},
            match=ResourceSpecification({"prefect.resource.id": ["prefect.flow-run.*"]}),
            for_each={"prefect.resource.id"},
            posture=Posture.Proactive,
            threshold=1,
            within=timedelta(seconds=ZOMBIE_AFTER_SECONDS),
        ),
        actions=[ChangeFlowRunState(
            state=StateType.CRASHED,
            message=f"no heartbeat for {ZOMBIE_AFTER_SECONDS} s: the run's process is gone")],
    )
    return automation.model_dump(mode="json")


def ensure_zombie_automation(config: StackConfig, out: Printer) -> None:
    response = api_request("POST", f"{config.api_url}/automations/filter",
                           json={"automations": {"name": {"any_": [ZOMBIE_AUTOMATION]}}})
    response.raise_for_status()
    if response.json():
        out(f"automation {ZOMBIE_AUTOMATION!r}: exists")
        return
    api_request("POST", f"{config.api_url}/automations/", json=zombie_automation()).raise_for_status()
    out(f"automation {ZOMBIE_AUTOMATION!r}: created")


# What a failure notification says; rendered by the server with the run's own objects.
NOTIFY_SUBJECT = "Khronika: flow run {{ flow_run.name }} {{ flow_run.state.name }}"
NOTIFY_BODY = (
    "Flow run {{ flow_run.name }} of {{ flow.name }} ended {{ flow_run.state.name }}: "
    "{{ flow_run.state.message }}\n"
    "Flow run id: {{ flow_run.id }}\n"
    "{{ flow_run|ui_url }}"
)


def failure_notification(block_document_id: str) -> dict:
    """The automation that sends a notification (through the block) whenever a flow run ends
    Failed or Crashed: Crashed covers runs whose process died, including the zombie automation's
    verdict, so a killed nightly run is reported too."""
    from datetime import timedelta

    from prefect.events.actions import SendNotification
    from prefect.events.schemas.automations import AutomationCore, EventTrigger, Posture
    from prefect.events.schemas.events import ResourceSpecification

    automation = AutomationCore(
        name=NOTIFY_AUTOMATION,
        description="A flow run that ends Failed or Crashed is reported to the webhook given "
                    "to `khronika stack up --notify-webhook`.",
        trigger=EventTrigger(
            expect={"prefect.flow-run.Failed", "prefect.flow-run.Crashed"},
            match=ResourceSpecification({"prefect.resource.id": ["prefect.flow-run.*"]}),
            for_each={"prefect.resource.id"},
            posture=Posture.Reactive,
            threshold=1,
            within=timedelta(0),
        ),
        actions=[SendNotification(block_document_id=block_document_id, subject=NOTIFY_SUBJECT,
                                  body=NOTIFY_BODY)],
    )
    return automation.model_dump(mode="json")


def save_webhook_block(config: StackConfig) -> str:
    """Prefect's Custom Webhook notification block, POSTing JSON {subject, body, name}: any
    HTTP endpoint works, chat services included, and nothing leaves the machine unless the URL
    points elsewhere. Returns the block document's id."""
    from prefect.blocks.notifications import CustomWebhookNotificationBlock
    from prefect.settings import PREFECT_API_URL, temporary_settings

    block = CustomWebhookNotificationBlock(
        name=NOTIFY_BLOCK, url=config.notify_webhook, method="POST",
        json_data={"subject": "{{subject}}", "body": "{{body}}", "name": "{{name}}"})
    with temporary_settings(updates={PREFECT_API_URL: config.api_url}):
        return str(block.save(NOTIFY_BLOCK, overwrite=True))


def ensure_failure_notification(config: StackConfig, out: Printer) -> None:
    scheme = httpx.URL(config.notify_webhook).scheme
    if scheme not in ("http", "https"):
        raise StackError(f"--notify-webhook must be an http:// or https:// URL, "
                         f"not {config.notify_webhook!r}")
    body = failure_notification(save_webhook_block(config))
    response = api_request("POST", f"{config.api_url}/automations/filter",
                           json={"automations": {"name": {"any_": [NOTIFY_AUTOMATION]}}})
    response.raise_for_status()
    existing = response.json()
    # Given again (maybe with another URL), it replaces the one there: never two notifications.
    for automation in existing:
        api_request("DELETE", f"{config.api_url}/automations/{automation['id']}").raise_for_status()
    api_request("POST", f"{config.api_url}/automations/", json=body).raise_for_status()
    out(f"automation {NOTIFY_AUTOMATION!r}: {'replaced' if existing else 'created'} "
        f"(posts to {config.notify_webhook})")


def ensure_work_pool(config: StackConfig, out: Printer) -> None:
    response = api_request("GET", f"{config.api_url}/work_pools/{WORK_POOL}")
    if response.status_code == 200:
        pool_type = response.json().get("type")
        if pool_type != "process":
            raise StackError(f"work pool {WORK_POOL!r} exists with type {pool_type!r}; "
                             "the deployments need a 'process' pool")
        out(f"work pool {WORK_POOL!r}: exists")
        return
    _prefect(config, ["work-pool", "create", WORK_POOL, "--type", "process"], "create work pool")
    out(f"work pool {WORK_POOL!r}: created")


def online_workers(config: StackConfig) -> list[str]:
    try:
        response = httpx.post(f"{config.api_url}/work_pools/{WORK_POOL}/workers/filter",
                              json={}, timeout=5.0)
    except httpx.HTTPError:
        return []
    if response.status_code != 200:
        return []
    return [w["name"] for w in response.json() if w.get("status") == "ONLINE"]


def _prefect(config: StackConfig, args: list[str], what: str) -> str:
    log = config.home / "logs" / "cli.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    result = subprocess.run([sys.executable, "-m", "prefect", "--no-prompt", *args],
                            cwd=config.project_dir, env=config.env(), capture_output=True,
                            text=True, timeout=300)
    with open(log, "a", encoding="utf-8") as handle:
        handle.write(f"$ prefect {' '.join(args)}\n{result.stdout}{result.stderr}\n")
    if result.returncode != 0:
        raise StackError(f"{what} failed (prefect {' '.join(args)}):\n"
                         f"{(result.stdout + result.stderr).strip()[-3000:]}")
    return result.stdout


def deploy(config: StackConfig, out: Printer) -> None:
    prefect_file = config.prefect_file or config.project_dir / "prefect.yaml"
    if not prefect_file.exists():
        raise StackError(f"no deployment file at {prefect_file}")
    _prefect(config, ["deploy", "--all", "--prefect-file", str(prefect_file)], "deploy")
    response = api_request("POST", f"{config.api_url}/deployments/filter", json={})
    response.raise_for_status()
    names = sorted(d["name"] for d in response.json())
    out(f"deployments: {', '.join(names)}")


# ---------------------------------------------------------------- up / down / status

def up(config: StackConfig, out: Printer = print) -> dict:
    config.home = Path(config.home).resolve()
    config.home.mkdir(parents=True, exist_ok=True)
    state = load_state(config.home)
    env = config.env()

    server = recorded_process(state.get("server"))
    config.database = config.database or (state.get("database", "sqlite") if server is not None
                                          else "sqlite")
    if config.database not in DATABASES:
        raise StackError(f"database must be one of {', '.join(DATABASES)}, not {config.database!r}")
    if server is not None and state.get("port") != config.port:
        raise StackError(f"the stack in {config.home} already runs on port {state.get('port')}; "
                         "run `down` first to move it")
    if server is not None and state.get("database", "sqlite") != config.database:
        raise StackError(f"the stack in {config.home} already runs on {state.get('database', 'sqlite')}; "
                         f"run `down` first to switch to {config.database}")
    if server is None:
        # A worker left from a server that died would poll nothing; replace it with the server.
        stop_process(state.get("worker"))
        if port_in_use(config.client_host, config.port):
            raise StackError(f"port {config.port} on {config.client_host} is taken by a process "
                             "this stack did not start; pass --port to use another one")
        kept = {k: state[k] for k in ("postgres",) if recorded_process(state.get(k))}
        state = {"host": config.host, "port": config.port, "api_url": config.api_url,
                 "ui_url": config.ui_url, "project_dir": str(config.project_dir),
                 "database": config.database, **kept}
        server_env = dict(env)
        if config.database == "postgres":
            server_env["PREFECT_SERVER_DATABASE_CONNECTION_URL"] = ensure_postgres(config, state, out)
        else:
            stop_postgres(state, out)  # a database left from an earlier postgres stack
        state["server"] = spawn(
            [sys.executable, "-m", "prefect", "server", "start", "--host", config.host,
             "--port", str(config.port), "--analytics-off"],
            server_env, config.home / "logs" / "server.log", config.home, config.tie_to_parent)
        save_state(config.home, state)
        out(f"server: started (pid {state['server']['pid']}, database {config.database})")
    else:
        if config.database == "postgres":
            ensure_postgres(config, state, out)  # it may have died under a live server
        out(f"server: already running (pid {server.pid}, database {config.database})")
    _wait(lambda: server_healthy(config.api_url), config.start_timeout, "Prefect server",
          state["server"])

    ensure_work_pool(config, out)
    ensure_zombie_automation(config, out)
    if config.notify_webhook:
        ensure_failure_notification(config, out)
    if config.deploy:
        deploy(config, out)

    ensure_dashboard_server(config, state, out)  # before the worker: its env names the address
    worker = recorded_process(state.get("worker"))
    if worker is None:
        state["worker"] = spawn(
            [sys.executable, "-m", "prefect", "worker", "start", "--pool", WORK_POOL,
             "--type", "process", "--name", WORKER_NAME],
            config.env(), config.home / "logs" / "worker.log", config.project_dir, config.tie_to_parent)
        state["poll_seconds"] = config.poll_seconds
        save_state(config.home, state)
        out(f"worker: started (pid {state['worker']['pid']}, polls every "
            f"{config.poll_seconds:g} s)")
    else:
        out(f"worker: already running (pid {worker.pid}, polls every "
            f"{state.get('poll_seconds', '?')} s)")
    _wait(lambda: WORKER_NAME in online_workers(config), config.start_timeout,
          "Prefect worker", state["worker"])
    out(f"Prefect UI: {config.ui_url}")
    out(f"dashboards: {config.dashboard_url}")
    return state


def ensure_dashboard_server(config: StackConfig, state: dict, out: Printer) -> None:
    """Serve the dashboards folder (only it: never the warehouse) on loopback."""
    if recorded_process(state.get("dashboards")) is not None:
        config.dashboard_port = state.get("dashboard_port", config.dashboard_port)
        out(f"dashboards: already served (pid {state['dashboards']['pid']})")
        return
    root = Path(config.dashboards_dir).resolve()
    root.mkdir(parents=True, exist_ok=True)
    port = config.dashboard_port or config.port + 1
    for attempt in range(DASHBOARD_BIND_ATTEMPTS):
        if not port_bindable("127.0.0.1", port):  # someone else's (a listener or a client's
            port = free_port()                      # ephemeral end): take a free one
        config.dashboard_port = port
        state["dashboards"] = spawn(
            [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(root)],
            config.env(), config.home / "logs" / "dashboards.log", root, config.tie_to_parent)
        state["dashboard_url"], state["dashboard_port"] = config.dashboard_url, port
        save_state(config.home, state)
        try:
            _wait(lambda: port_in_use("127.0.0.1", port), config.start_timeout, "dashboard server",
                  state["dashboards"])
            break
        except StackError as error:
            # The port can be taken between the check and the bind: try another one.
            if "Address already in use" not in str(error) or attempt + 1 == DASHBOARD_BIND_ATTEMPTS:
                raise
            port = free_port()
    out(f"dashboards: serving {root} (pid {state['dashboards']['pid']})")


def ensure_postgres(config: StackConfig, state: dict, out: Printer) -> str:
    """The stack's PostgreSQL running and holding the `prefect` database; returns the server's
    connection URL. A cluster already running for this home is reused, on its port."""
    cluster = postgres.Cluster(config.home)
    cluster.init(out)
    entry = state.get("postgres")
    if recorded_process(entry) is not None:
        port = entry["port"]
        out(f"postgres: already running (pid {entry['pid']}, port {port})")
    else:
        # Same port as before when it is free: a live server's connection URL names it.
        port = config.postgres_port or state.get("postgres_port") or free_port()
        if port_in_use(postgres.HOST, port):
            port = free_port()
        entry = state["postgres"] = cluster.start(port, config.home / "logs" / "postgres.log",
                                                  config.tie_to_parent)
        state["postgres_port"] = port
        save_state(config.home, state)
        out(f"postgres: started (pid {entry['pid']}, {postgres.HOST}:{port}, data {cluster.data})")
    _wait(lambda: cluster.accepting(port), config.start_timeout, "PostgreSQL", entry)
    cluster.ensure_database(port)
    return cluster.url(port)


def stop_postgres(state: dict, out: Printer, timeout: float = 30.0) -> None:
    if state.get("postgres"):
        out(f"postgres: {postgres.stop(state.pop('postgres'), timeout)}")


def down(home: Path = DEFAULT_HOME, timeout: float = 10.0, out: Printer = print) -> dict:
    home = Path(home).resolve()
    state = load_state(home)
    if not state:
        out(f"no stack recorded in {home}")
        return {}
    # Worker first, so it does not pick up runs from a server that is going away.
    outcome = {name: stop_process(state.get(name), timeout) for name in ("worker", "server", "dashboards")}
    # The database last, once nothing is connected to it.
    if state.get("postgres"):
        outcome["postgres"] = postgres.stop(state["postgres"], max(timeout, 30.0))
    for name, result in outcome.items():
        out(f"{name}: {result}")
    state_path(home).unlink(missing_ok=True)
    return outcome


def status(home: Path = DEFAULT_HOME) -> dict:
    home = Path(home).resolve()
    state = load_state(home)
    if not state:
        return {"running": False, "home": str(home)}
    report = {"home": str(home), "ui_url": state.get("ui_url"), "api_url": state.get("api_url"),
              "poll_seconds": state.get("poll_seconds"), "dashboard_url": state.get("dashboard_url"),
              "database": state.get("database", "sqlite")}
    for name in ("server", "worker", "dashboards", *(["postgres"] if state.get("postgres") else [])):
        proc = recorded_process(state.get(name))
        report[name] = {"pid": state.get(name, {}).get("pid"), "alive": proc is not None,
                        "rss_mb": round(family_rss(state.get(name)) / 2**20, 1)}
    report["healthy"] = bool(state.get("api_url")) and server_healthy(state["api_url"])
    report["running"] = report["server"]["alive"] and report["worker"]["alive"]
    return report


if __name__ == "__main__":
    from flows.cli.stack import main

    sys.exit(main())
