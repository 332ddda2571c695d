"""The processes a stack starts, tracked across commands: a state file of PIDs (with their start
times, so a reused PID is never mistaken for ours), spawning, stopping with children, memory."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import psutil

STATE_FILE = "stack.json"


class StackError(RuntimeError):
    """The stack could not be brought to the requested state; the message says why."""


def state_path(home: Path) -> Path:
    return Path(home) / STATE_FILE


def load_state(home: Path) -> dict:
    path = state_path(home)
    if not path.exists():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise StackError(f"{path} is not valid JSON ({exc}); remove it after checking no "
                         "stack processes are running") from exc


def save_state(home: Path, state: dict) -> None:
    path = state_path(home)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(state, indent=2, sort_keys=True), encoding="utf-8")
    tmp.replace(path)


def recorded_process(entry: dict | None) -> psutil.Process | None:
    """The live process an entry describes, or None (dead, or its PID was reused)."""
    if not entry:
        return None
    try:
        proc = psutil.Process(entry["pid"])
        if abs(proc.create_time() - entry["create_time"]) > 1.0:
            return None
        if proc.status() == psutil.STATUS_ZOMBIE:
            return None
        return proc
    except (psutil.NoSuchProcess, psutil.AccessDenied, KeyError):
        return None


def die_with_parent() -> None:
    """In a child before exec: the kernel sends it SIGTERM when the thread that started it
    dies, however that happens (even SIGKILL), so nothing is left behind (Linux only)."""
    import ctypes

    PR_SET_PDEATHSIG = 1
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def spawn(cmd: list[str], env: dict, log_path: Path, cwd: Path, tie_to_parent: bool = False,
          demote: Callable[[], None] | None = None) -> dict:
    """Start `cmd` in a session of its own, output to `log_path`; `demote` (in the child, before
    exec) switches to another user."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    tie = tie_to_parent and sys.platform == "linux"

    def preexec() -> None:
        if demote is not None:
            demote()
        if tie:  # after demote: a change of user clears the parent-death signal
            die_with_parent()
    with open(log_path, "ab") as log:
        proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True,
                                preexec_fn=preexec if (tie or demote) else None)
    return {"pid": proc.pid, "create_time": psutil.Process(proc.pid).create_time(),
            "cmd": cmd, "log": str(log_path)}


def log_tail(path: str | Path, lines: int = 30) -> str:
    try:
        return "\n".join(Path(path).read_text(encoding="utf-8", errors="replace")
                         .splitlines()[-lines:])
    except OSError:
        return "(no log)"


def stop_process(entry: dict | None, timeout: float = 10.0) -> str:
    """SIGTERM the recorded process's group and its descendants; SIGKILL what outlives timeout."""
    proc = recorded_process(entry)
    if proc is None:
        return "not running"
    try:
        family = [proc, *proc.children(recursive=True)]
    except psutil.NoSuchProcess:
        return "not running"
    groups = set()
    for member in family:
        try:
            groups.add(os.getpgid(member.pid))
        except ProcessLookupError:
            pass
    for pgid in groups:
        try:
            os.killpg(pgid, signal.SIGTERM)
        except (ProcessLookupError, PermissionError):
            pass
    _, alive = psutil.wait_procs(family, timeout=timeout)
    for member in alive:
        try:
            member.kill()
        except psutil.NoSuchProcess:
            pass
    psutil.wait_procs(alive, timeout=5)
    return "killed after timeout" if alive else "stopped"


def family_rss(entry: dict | None) -> int:
    """Resident memory of a recorded process and all its descendants, in bytes."""
    proc = recorded_process(entry)
    if proc is None:
        return 0
    total = 0
    for member in [proc, *proc.children(recursive=True)]:
        try:
            total += member.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total
