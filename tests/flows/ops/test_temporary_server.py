"""`khronika run` with no Prefect server configured: a temporary one, started early, stopped after."""
import os
import re
import signal
import socket
import subprocess
import sys
import urllib.request

import psutil
import pytest

from flows.ops.temporary_server import (
    ServerFailed,
    TemporaryServer,
    configured_api_url,
    ephemeral_range,
    free_port,
    prefect_api,
)
from tests.conftest import REPO_ROOT, SEEDS


def answers(api_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{api_url}/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def test_free_ports_stay_out_of_the_range_outgoing_connections_use():
    span = ephemeral_range()
    if span is None:
        pytest.skip("this system does not say which ports outgoing connections take")
    ports = {free_port() for _ in range(20)}
    assert all(port < span[0] for port in ports)
    assert len(ports) > 1  # chosen afresh, not one fixed port every test would share
    listener = socket.create_server(("127.0.0.1", free_port()))
    with listener:
        taken = listener.getsockname()[1]
        assert taken not in {free_port() for _ in range(50)}


@pytest.mark.slow
def test_embedded_run_starts_and_stops_its_own_server(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env["PREFECT_HOME"] = str(tmp_path / "prefect-home")
    done = subprocess.run([sys.executable, "-m", "flows.cli", "run", str(SEEDS), "--db", str(tmp_path / "w.duckdb")],
                          cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "committed" in done.stdout
    # logs reached the server before it stopped
    assert "Error logging to API" not in done.stderr
    assert "Starting temporary server" not in done.stderr  # ours, not one Prefect starts later
    port = re.search(r"View at http://127\.0\.0\.1:(\d+)/", done.stderr).group(1)
    assert not answers(f"http://127.0.0.1:{port}/api")


@pytest.mark.slow
def test_temporary_server_answers_until_stopped(tmp_path, monkeypatch):
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path / "prefect-home"))
    server = TemporaryServer(timeout=300)
    url = server.start()
    try:
        server.wait()
        assert answers(url)
    finally:
        server.stop()
    assert server.process.poll() is not None
    assert not answers(url)


@pytest.mark.server
def test_a_configured_api_is_used_as_it_is():
    # the session's test harness configures one
    assert configured_api_url()
    with prefect_api() as ready:
        assert ready() is None


@pytest.mark.slow
def test_a_server_that_does_not_answer_in_time_fails_with_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path / "prefect-home"))
    server = TemporaryServer(timeout=0.5)  # far less than any start-up takes
    server.start()
    try:
        with pytest.raises(ServerFailed, match="not healthy after"):
            server.wait()
    finally:
        server.stop()
    assert server.process.poll() is not None


@pytest.mark.slow
def test_a_killed_run_takes_its_temporary_server_along(tmp_path):
    from tests.warehouse_checks import wait_for_output

    # No Prefect API configured, as for a user: the run starts its own temporary server.
    env = {key: value for key, value in os.environ.items() if not key.startswith("PREFECT_")}
    env.update(PREFECT_HOME=str(tmp_path / "prefect-home"), KHRONIKA_TEST_PAUSE="extract:60")
    with open(tmp_path / "killed.err", "w") as err:
        run = subprocess.Popen([sys.executable, "-m", "flows.cli", "run", str(SEEDS), "--db",
                                str(tmp_path / "w.duckdb")], cwd=REPO_ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=err)
    try:
        wait_for_output(run, tmp_path / "killed.err", "paused in extract")
        servers = [child for child in psutil.Process(run.pid).children(recursive=True)
                   if "uvicorn" in " ".join(child.cmdline())]
        assert len(servers) == 1 and servers[0].is_running()
        run.send_signal(signal.SIGKILL)
        run.wait(10)
        gone, alive = psutil.wait_procs(servers, timeout=20)
        assert not alive, "the temporary server outlived its killed run"
    finally:
        run.kill()
