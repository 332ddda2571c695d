import json
import os
import socket
import subprocess
import sys
import time

import psutil
import pytest

from flows.ops import stack


def spawn(script: str) -> dict:
    proc = subprocess.Popen(["sh", "-c", script], start_new_session=True)
    return {"pid": proc.pid, "create_time": psutil.Process(proc.pid).create_time(), "log": "-"}


def test_recorded_process_rejects_a_reused_pid():
    entry = spawn("sleep 30")
    try:
        assert stack.recorded_process(entry).pid == entry["pid"]
        assert stack.recorded_process({**entry, "create_time": entry["create_time"] - 100}) is None
    finally:
        stack.stop_process(entry, timeout=5)
    assert stack.recorded_process(entry) is None
    assert stack.recorded_process(None) is None


def test_stop_process_takes_its_children_along():
    # Like a worker's flow-run processes, one child runs in a session of its own.
    entry = spawn("setsid sleep 61 & sleep 60 & wait")
    parent = psutil.Process(entry["pid"])
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        children = [c for c in parent.children(recursive=True) if c.name() == "sleep"]
        if len({os.getsid(c.pid) for c in children}) == 2:
            break
        time.sleep(0.05)
    assert len({os.getsid(c.pid) for c in children}) == 2
    assert stack.stop_process(entry, timeout=5) == "stopped"
    assert not any(c.is_running() and c.status() != psutil.STATUS_ZOMBIE for c in children)


def test_stop_process_kills_what_ignores_sigterm(tmp_path):
    ready = tmp_path / "ready"
    entry = spawn(f"trap '' TERM; touch {ready}; while true; do sleep 0.1; done")
    deadline = time.monotonic() + 10
    while not ready.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert stack.stop_process(entry, timeout=1) == "killed after timeout"
    assert stack.recorded_process(entry) is None


def test_up_refuses_a_port_it_did_not_take(tmp_path):
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        config = stack.StackConfig(home=tmp_path / "home", port=port, deploy=False)
        with pytest.raises(stack.StackError, match=f"port {port} .* taken"):
            stack.up(config, out=lambda line: None)
    assert not (tmp_path / "home" / "stack.json").exists()


def test_config_points_the_ui_at_its_own_port(tmp_path):
    config = stack.StackConfig(home=tmp_path, host="0.0.0.0", port=4999, poll_seconds=3)
    env = config.env()
    assert env["PREFECT_API_URL"] == env["PREFECT_UI_API_URL"] == "http://127.0.0.1:4999/api"
    assert env["PREFECT_HOME"] == str(tmp_path)
    assert env["PREFECT_WORKER_QUERY_SECONDS"] == "3"


def test_unreadable_state_is_reported(tmp_path):
    (tmp_path / "stack.json").write_text("{not json")
    with pytest.raises(stack.StackError, match="not valid JSON"):
        stack.load_state(tmp_path)
    stack.save_state(tmp_path, {"port": 1})
    assert json.loads((tmp_path / "stack.json").read_text()) == {"port": 1}


def test_down_without_a_stack_says_so(tmp_path):
    lines = []
    assert stack.down(tmp_path, out=lines.append) == {}
    assert lines == [f"no stack recorded in {tmp_path.resolve()}"]


@pytest.mark.skipif(sys.platform != "linux", reason="parent-death signal is Linux only")
def test_processes_tied_to_their_parent_stop_when_it_dies(tmp_path):
    starter = (
        "import json, sys; from pathlib import Path; from flows.ops import stack; "
        "entry = stack.spawn(['sleep', '60'], {}, Path(sys.argv[1]), Path(sys.argv[2]), True); "
        "print(json.dumps(entry))"
    )
    out = subprocess.run([sys.executable, "-c", starter, str(tmp_path / "log"), str(tmp_path)],
                         capture_output=True, text=True, check=True, timeout=60).stdout
    entry = json.loads(out)
    deadline = time.monotonic() + 10
    while stack.recorded_process(entry) is not None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert stack.recorded_process(entry) is None


def test_dashboards_move_off_a_port_held_without_listening(tmp_path):
    # A client's ephemeral end (here: a bound socket that does not listen) answers no connect
    # probe, yet a server cannot bind its port: the dashboards take another free port.
    config = stack.StackConfig(home=tmp_path / "stack", port=4200, dashboards_dir=tmp_path / "dash",
                               tie_to_parent=True)
    (config.home / "logs").mkdir(parents=True)
    (tmp_path / "dash").mkdir()
    (tmp_path / "dash" / "index.html").write_text("<p>ok</p>")
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        held = holder.getsockname()[1]
        config.dashboard_port = held
        assert not stack.port_in_use("127.0.0.1", held) and not stack.port_bindable("127.0.0.1", held)
        state: dict = {}
        try:
            stack.ensure_dashboard_server(config, state, lambda line: None)
            assert state["dashboard_port"] != held
            with socket.create_connection(("127.0.0.1", state["dashboard_port"]), timeout=5) as conn:
                conn.sendall(b"GET /index.html HTTP/1.0\r\n\r\n")
                assert b"<p>ok</p>" in conn.recv(4096) + conn.recv(4096)
        finally:
            stack.stop_process(state.get("dashboards"), timeout=5)
