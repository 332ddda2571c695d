"""The stack for real: a Prefect server on a free loopback port, the `khronika` process pool,
`prefect deploy --all` from prefect.yaml, a worker; runs triggered the way the UI's Run button
does, checked in the warehouse and in the run's artifacts."""
from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

import duckdb
import httpx
import psutil
import pytest

from flows.ops import stack
from flows.ops.temporary_server import free_port
from tests.prefect_api import (
    artifacts,
    create_flow_run,
    deployment,
    flow_run,
    logs,
    request,
    wait_final,
)
from tests.webhook_receiver import WebhookReceiver

pytestmark = [pytest.mark.server, pytest.mark.timeout(900)]

NIGHTLY = ("khronika-etl", "nightly")
SEED_ENTITIES = {("PER", "Владимир Путин"), ("PER", "Ильхам Алиев"), ("LOC", "Душанбе"),
                 ("ORG", "Сабаильский районный суд")}


def start_run(api: str, deployment_id: str, parameters: dict | None = None) -> str:
    response = create_flow_run(api, deployment_id, parameters)
    assert response.status_code == 201, response.text
    return response.json()["id"]


def run_to_end(api: str, deployment_id: str, parameters: dict | None = None) -> dict:
    return wait_final(api, start_run(api, deployment_id, parameters))


def assert_completed(api: str, run: dict) -> None:
    assert run["state_type"] == "COMPLETED", (
        f"{run['name']} ended {run['state_name']}: {run['state']['message']}\n{logs(api, run['id'])}")


@pytest.fixture(scope="module")
def nightly_run(prefect_stack, tmp_path_factory) -> dict:
    """One nightly run on seeds/, triggered by API into its own warehouse."""
    api = prefect_stack.api_url
    db = tmp_path_factory.mktemp("nightly") / "khronika.duckdb"
    run = run_to_end(api, deployment(api, *NIGHTLY)["id"], {"db": str(db)})
    assert_completed(api, run)
    return {"run": run, "db": db}


def test_up_again_reuses_the_running_processes(prefect_stack):
    before = stack.load_state(prefect_stack.home)
    lines: list[str] = []
    again = stack.up(prefect_stack, out=lines.append)

    assert again["server"]["pid"] == before["server"]["pid"]
    assert again["worker"]["pid"] == before["worker"]["pid"]
    assert any("server: already running" in line for line in lines)
    report = stack.status(prefect_stack.home)
    assert report["running"] and report["healthy"]
    assert report["server"]["rss_mb"] > 0 and report["worker"]["rss_mb"] > 0
    names = {d["name"] for d in request("POST", f"{prefect_stack.api_url}/deployments/filter",
                                        json={}).json()}
    assert {"nightly", "reprocess", "report"} <= names


def test_nightly_is_scheduled_at_two_in_the_morning_moscow_time(prefect_stack):
    api = prefect_stack.api_url
    nightly = deployment(api, *NIGHTLY)
    schedules = request("GET", f"{api}/deployments/{nightly['id']}/schedules").json()
    assert [(s["schedule"]["cron"], s["schedule"]["timezone"], s["active"]) for s in schedules] \
        == [("0 2 * * *", "Europe/Moscow", True)]
    assert nightly["global_concurrency_limit"]["limit"] == 1
    assert nightly["concurrency_options"]["collision_strategy"] == "ENQUEUE"

    deadline = time.monotonic() + 120
    while True:
        runs = request("POST", f"{api}/flow_runs/filter", json={
            "flow_runs": {"deployment_id": {"any_": [nightly["id"]]},
                          "state": {"type": {"any_": ["SCHEDULED"]}}},
            "sort": "EXPECTED_START_TIME_ASC"}).json()
        planned = [r for r in runs if r["auto_scheduled"]]
        if planned or time.monotonic() > deadline:
            break
        time.sleep(2)
    assert planned, "the scheduler created no runs for the nightly deployment"
    moscow = [datetime.fromisoformat(r["expected_start_time"]).astimezone(ZoneInfo("Europe/Moscow"))
              for r in planned]
    assert all((t.hour, t.minute) == (2, 0) for t in moscow), moscow
    now = datetime.now(ZoneInfo("Europe/Moscow"))
    assert 0 < (moscow[0] - now).total_seconds() <= 24 * 3600


def test_run_button_loads_the_seeds_and_records_the_flow_run(nightly_run):
    run = nightly_run["run"]
    with duckdb.connect(str(nightly_run["db"]), read_only=True) as con:
        rows = con.execute("SELECT run_id, status, flow_name FROM runs WHERE flow_run_id = ?",
                           [run["id"]]).fetchall()
        entities = set(con.execute("SELECT type, name FROM entities").fetchall())
    assert [(status, flow_name) for _, status, flow_name in rows] == [("committed", "khronika-etl")]
    assert SEED_ENTITIES <= entities


def test_run_publishes_summary_quality_table_and_links(prefect_stack, nightly_run):
    api, run = prefect_stack.api_url, nightly_run["run"]
    by_key = {a["key"]: a for a in artifacts(api, run["id"])}
    with duckdb.connect(str(nightly_run["db"]), read_only=True) as con:
        run_id, mentions = con.execute("SELECT run_id, mentions FROM runs WHERE flow_run_id = ?",
                                       [run["id"]]).fetchone()
        checks = {name for (name,) in con.execute(
            "SELECT check_name FROM dq_checks WHERE run_id = ?", [run_id]).fetchall()}
        warning_stages = {stage for (stage,) in con.execute(
            "SELECT stage FROM dq_warnings WHERE run_id = ?", [run_id]).fetchall()}

    summary = by_key["khronika-run-summary"]
    assert summary["type"] == "markdown"
    assert f"# Khronika run {run_id}: committed" in summary["data"]
    assert f"mentions {mentions}" in summary["data"]
    assert "| PER | Владимир Путин |" in summary["data"]

    table = by_key["khronika-dq-results"]
    assert table["type"] == "table"
    rows = json.loads(table["data"])
    assert {row["check"] for row in rows if row["kind"] != "warning"} == checks
    # Seeds hold one real warning: 002_lenta_news (2016) dates an agreement to 2019 ("на 2016–2019 годы").
    assert {row["check"] for row in rows if row["kind"] == "warning"} == warning_stages
    assert "mention_text_matches_article" in checks

    report_link = by_key["khronika-run-report"]
    assert report_link["type"] == "markdown"  # Prefect stores links as markdown
    summary_file = nightly_run["db"].parent / "reports" / f"run-{run_id}.md"
    assert summary_file.as_uri() in report_link["data"]
    assert summary_file.read_text(encoding="utf-8") == summary["data"]
    # The run's own dashboard snapshot, served over HTTP by the stack: the link opens from the UI.
    link = re.search(r"\((http://127\.0\.0\.1:\d+/[^)]+)\)", by_key["khronika-dashboard"]["data"]).group(1)
    stem = nightly_run["db"].stem
    assert link.endswith(f"/{stem}/run-{run_id}.html")
    page = httpx.get(link, timeout=30)
    assert page.status_code == 200 and "<h2>Top entities</h2>" in page.text
    assert (prefect_stack.home / "dashboards" / stem / f"run-{run_id}.html").is_file()
    # Only dashboards are served, never the warehouse itself.
    assert httpx.get(link.rsplit("/", 2)[0] + f"/../{nightly_run['db'].name}", timeout=30).status_code == 404


def test_report_deployment_publishes_the_report(prefect_stack, nightly_run):
    api = prefect_stack.api_url
    report = deployment(api, "khronika-report", "report")
    run = run_to_end(api, report["id"], {"name": "top_entities", "db": str(nightly_run["db"]),
                                         "params": {"type": "PER", "limit": "5"}})
    assert_completed(api, run)
    by_key = {a["key"]: a for a in artifacts(api, run["id"])}
    rows = json.loads(by_key["khronika-report-top-entities"]["data"])
    assert rows[0]["name"] == "Владимир Путин" and {r["type"] for r in rows} == {"PER"}
    assert len(rows) <= 5
    assert "khronika-report-top-entities-file" in by_key


def test_reprocess_deployment_adds_a_new_extraction_and_keeps_the_old(prefect_stack, nightly_run):
    api, db = prefect_stack.api_url, nightly_run["db"]
    reprocess = deployment(api, "khronika-reprocess", "reprocess")
    run = run_to_end(api, reprocess["id"], {"db": str(db), "all_articles": True,
                                             "skip_current": False})
    assert_completed(api, run)
    with duckdb.connect(str(db), read_only=True) as con:
        first, = con.execute("SELECT run_id FROM runs WHERE flow_run_id = ?",
                             [nightly_run["run"]["id"]]).fetchone()
        second, status = con.execute("SELECT run_id, status FROM runs WHERE flow_run_id = ?",
                                     [run["id"]]).fetchone()
        article_runs = {r for (r,) in con.execute("SELECT DISTINCT run_id FROM articles").fetchall()}
        current = {r for (r,) in con.execute("SELECT DISTINCT run_id FROM mentions").fetchall()}
        before = con.execute("SELECT count(*) FROM mentions_as_of(?)", [first]).fetchone()[0]
        now = con.execute("SELECT count(*) FROM mentions").fetchone()[0]
    assert status == "committed"
    assert article_runs == {first}          # articles untouched
    assert current == {second}              # derived rows are the new extraction's
    assert before == now > 0                # the old version is still there, same extractor


def test_second_run_on_the_same_warehouse_waits_for_the_first(prefect_stack, tmp_path):
    api = prefect_stack.api_url
    nightly = deployment(api, *NIGHTLY)
    db = tmp_path / "khronika.duckdb"
    ids = [start_run(api, nightly["id"], {"db": str(db)}) for _ in range(2)]
    runs = [wait_final(api, run_id) for run_id in ids]
    for run in runs:
        assert_completed(api, run)
    spans = sorted((datetime.fromisoformat(r["start_time"]), datetime.fromisoformat(r["end_time"]))
                   for r in runs)
    assert spans[0][1] <= spans[1][0], f"runs overlapped: {spans}"
    states = {s["name"] for run_id in ids
              for s in request("GET", f"{api}/flow_run_states/",
                                  params={"flow_run_id": run_id}).json()}
    assert "AwaitingConcurrencySlot" in states
    with duckdb.connect(str(db), read_only=True) as con:
        news = [n for (n,) in con.execute("SELECT articles_new FROM runs ORDER BY run_id").fetchall()]
        articles = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert news == [articles, 0] and articles > 0  # the second found everything already loaded


def test_bad_parameters_fail_fast_with_a_clear_message(prefect_stack, tmp_path):
    api = prefect_stack.api_url
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    run = run_to_end(api, deployment(api, *NIGHTLY)["id"], {"db": str(blocker / "k.duckdb")})
    assert run["state_type"] == "FAILED"
    assert "db: cannot create the folder" in run["state"]["message"]
    assert not (blocker.parent / "k.duckdb").exists()

    reprocess = deployment(api, "khronika-reprocess", "reprocess")
    run = run_to_end(api, reprocess["id"], {"db": str(tmp_path / "none.duckdb"),
                                            "date_from": "2024-05-02", "date_to": "2024-05-01"})
    assert run["state_type"] == "FAILED"
    assert "date_from 2024-05-02 is after date_to 2024-05-01" in run["state"]["message"]
    run = run_to_end(api, reprocess["id"], {"db": str(tmp_path / "none.duckdb"),
                                            "all_articles": True})
    assert run["state_type"] == "FAILED"
    assert "db: no warehouse at" in run["state"]["message"]
    assert not (tmp_path / "none.duckdb").exists()

    # The server checks the parameter schema before a run exists: an unknown report is refused.
    report = deployment(api, "khronika-report", "report")
    response = create_flow_run(api, report["id"], {"name": "no_such_report"})
    assert response.status_code == 409
    assert "no_such_report" in response.text


def test_stack_command_up_twice_then_down_stops_everything(tmp_path):
    home, port = tmp_path / "stack", free_port()
    command = [sys.executable, "-m", "flows.ops.stack"]
    up = [*command, "up", "--home", str(home), "--port", str(port), "--no-deploy"]
    try:
        first = subprocess.run(up, capture_output=True, text=True, timeout=300)
        assert first.returncode == 0, first.stderr
        assert f"Prefect UI: http://127.0.0.1:{port}" in first.stdout
        second = subprocess.run(up, capture_output=True, text=True, timeout=300)
        assert second.returncode == 0, second.stderr
        assert "server: already running" in second.stdout
        assert "worker: already running" in second.stdout
        state = json.loads((home / "stack.json").read_text())
        pids = [state["server"]["pid"], state["worker"]["pid"]]
        assert all(psutil.pid_exists(pid) for pid in pids)
    finally:
        down = subprocess.run([*command, "down", "--home", str(home)], capture_output=True,
                              text=True, timeout=120)
    assert down.returncode == 0, down.stderr
    assert not any(psutil.pid_exists(pid) and psutil.Process(pid).status() != "zombie"
                   for pid in pids)
    assert not stack.port_in_use("127.0.0.1", port)
    status = subprocess.run([*command, "status", "--home", str(home)], capture_output=True,
                            text=True, timeout=60)
    assert status.returncode == 1 and '"running": false' in status.stdout


def test_a_killed_deployment_run_is_marked_crashed_and_frees_its_slot(prefect_stack, tmp_path):
    api = prefect_stack.api_url
    nightly = deployment(api, *NIGHTLY)
    db = tmp_path / "khronika.duckdb"
    # Held in extraction long enough to be killed there, as an out-of-memory kill would.
    response = request("POST", f"{api}/deployments/{nightly['id']}/create_flow_run", json={
        "state": {"type": "SCHEDULED"}, "parameters": {"db": str(db)},
        "job_variables": {"env": {"KHRONIKA_TEST_PAUSE": "extract:600"}}})
    response.raise_for_status()
    run_id = response.json()["id"]
    worker = stack.recorded_process(stack.load_state(prefect_stack.home)["worker"])

    def flow_run_process():
        for child in worker.children(recursive=True):
            try:
                if child.environ().get("PREFECT__FLOW_RUN_ID") == run_id:
                    return child
            except psutil.Error:
                continue
        return None

    deadline = time.monotonic() + 240
    while flow_run_process() is None or flow_run(api, run_id)["state_type"] != "RUNNING":
        assert time.monotonic() < deadline, "the run never started"
        time.sleep(1)
    time.sleep(stack.HEARTBEAT_SECONDS + 5)  # it has said it is alive at least once
    # The machine's processes die at once (worker and run): nobody is left to report the run.
    family = [worker, *worker.children(recursive=True)]
    for member in family:
        member.kill()
    psutil.wait_procs(family, timeout=10)
    try:
        crashed = wait_final(api, run_id, timeout=stack.ZOMBIE_AFTER_SECONDS + 180)
        assert crashed["state_type"] == "CRASHED", crashed["state"]
        assert "no heartbeat" in crashed["state"]["message"]
    finally:
        stack.up(prefect_stack, out=lambda line: None)  # a new worker, as after a reboot
    # The concurrency slot is free again: the next nightly run goes through.
    assert_completed(api, run_to_end(api, nightly["id"], {"db": str(db)}))


def test_notify_webhook_reports_a_failed_run(prefect_stack, tmp_path):
    api = prefect_stack.api_url
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with WebhookReceiver() as hook:
        lines: list[str] = []
        # `stack up --notify-webhook URL` on the running stack: processes reused, automation added.
        stack.up(replace(prefect_stack, notify_webhook=hook.url, deploy=False), out=lines.append)
        assert f"automation {stack.NOTIFY_AUTOMATION!r}: created (posts to {hook.url})" in lines
        try:
            nightly = deployment(api, *NIGHTLY)
            good = run_to_end(api, nightly["id"], {"db": str(tmp_path / "ok" / "k.duckdb")})
            failed = run_to_end(api, nightly["id"], {"db": str(blocker / "k.duckdb")})
            assert_completed(api, good)
            assert failed["state_type"] == "FAILED"
            note = hook.wait_for(lambda body: failed["id"] in body["body"])
            assert note["subject"] == f"Khronika: flow run {failed['name']} Failed"
            assert "db: cannot create the folder" in note["body"]
            assert f"{prefect_stack.ui_url}/runs/flow-run/{failed['id']}" in note["body"]
            assert note["name"] == stack.NOTIFY_BLOCK
            time.sleep(5)  # a late notification of the good run would show up by now
            assert [body for body in hook.received if good["id"] in body["body"]] == []
            # Given again, the automation is replaced, not duplicated.
            stack.up(replace(prefect_stack, notify_webhook=hook.url, deploy=False),
                     out=lines.append)
            assert any("notify on failed flow runs': replaced" in line for line in lines)
            named = request("POST", f"{api}/automations/filter", json={
                "automations": {"name": {"any_": [stack.NOTIFY_AUTOMATION]}}}).json()
            assert len(named) == 1
        finally:
            for automation in request("POST", f"{api}/automations/filter", json={
                    "automations": {"name": {"any_": [stack.NOTIFY_AUTOMATION]}}}).json():
                request("DELETE", f"{api}/automations/{automation['id']}")
