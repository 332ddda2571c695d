"""Ctrl-C while `khronika run` starts up: imports (Prefect's among them) used to swallow the
KeyboardInterrupt, and the run then went ahead to the end (exit 0, 60 s later)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from tests.conftest import REPO_ROOT, SEEDS


@pytest.mark.parametrize("delay", [0.3, 1.0, 2.0])
def test_ctrl_c_at_start_up_stops_the_run_in_one_line(tmp_path, delay):
    env = dict(os.environ, PREFECT_HOME=str(tmp_path / "prefect-home"))
    env.pop("PREFECT_API_URL", None)
    run = subprocess.Popen([sys.executable, "-m", "flows.cli", "run", str(SEEDS), "--db", str(tmp_path / "k.duckdb")],
                           cwd=REPO_ROOT, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
                           start_new_session=True)
    try:
        time.sleep(delay)
        os.killpg(run.pid, signal.SIGINT)  # what a terminal's Ctrl-C does
        _, err = run.communicate(timeout=30)
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
    if run.returncode == -signal.SIGINT:  # the signal came while Python itself started: no run
        assert not (tmp_path / "k.duckdb").exists()
        return
    assert run.returncode == 130, err
    assert err.strip().splitlines()[-1].startswith("khronika: interrupted")
    assert not (tmp_path / "k.duckdb.backup").exists()  # no run committed
