"""A temporary Prefect API for one `khronika run` with no server configured, started early.

Left to itself, Prefect starts the same temporary server when the flow first needs it, after
our imports, and waits for it: its start-up (a second interpreter importing Prefect's server)
then adds fully to the run's wall time. Started first, it boots on the other core while this
process imports the flow; and because its address is in PREFECT_API_URL, task runners that
start processes (Dask) reach it too instead of each starting a server of their own.
Nothing here imports Prefect, so it can run before Prefect is imported.
"""
from __future__ import annotations

import atexit
import importlib.util
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from flows.ops.processes import die_with_parent
from tasks.settings import PROJECT_ROOT

# Prefect's own variables for its temporary server: no UI, no background services.
SERVER_ENV = {"PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1"}


class ServerFailed(RuntimeError):
    """The temporary server did not become healthy."""


EPHEMERAL_RANGE_FILE = Path("/proc/sys/net/ipv4/ip_local_port_range")
LISTEN_PORTS_FLOOR = 10000  # above the well-known and most registered service ports


def ephemeral_range() -> tuple[int, int] | None:
    """The ports the kernel hands to outgoing connections, where it says so (Linux)."""
    try:
        low, high = (int(part) for part in EPHEMERAL_RANGE_FILE.read_text().split())
    except (OSError, ValueError):
        return None
    return low, high


def _bindable(host: str, port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind((host, port))
        except OSError:
            return False
        return True


def free_port(host: str = "127.0.0.1", attempts: int = 200) -> int:
    """A port nothing holds now, chosen below the kernel's ephemeral range.

    A port the OS picks with bind(0) comes from the ephemeral range, which every outgoing
    connection also draws from: in the seconds before a server binds it, a client's local end
    (PostgreSQL's, the health probe's) can take it and the server dies with "port in use".
    Where the range is unknown, or nothing below it is free, the OS picks."""
    span = ephemeral_range()
    if span is not None and span[0] - 1 > LISTEN_PORTS_FLOOR:
        chooser = random.SystemRandom()
        for _ in range(attempts):
            port = chooser.randint(LISTEN_PORTS_FLOOR, span[0] - 1)
            if _bindable(host, port):
                return port
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def _prefect_parent_dir() -> str:
    spec = importlib.util.find_spec("prefect")
    return str(Path(spec.origin).resolve().parent.parent)


class TemporaryServer:
    """Start with `start()`, set PREFECT_API_URL, and `wait()` before the first API call."""

    def __init__(self, timeout: float = 120.0):
        self.timeout = timeout
        self.process: subprocess.Popen | None = None
        self.port: int | None = None
        self._healthy = threading.Event()
        self._stopping = threading.Event()
        # Launches from the health and watch threads and stop() take turns: a relaunch racing a
        # stop at exit (a Ctrl-C while the server starts) would leave a server nobody stops.
        self._launching = threading.Lock()
        self._error: str | None = None

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    def _launch(self, port: int | None = None, tied: bool | None = None) -> None:
        self.port = port or free_port()
        # The server dies with this run, even a killed one. The kernel signals when the starting
        # thread ends, so only a server started by the main thread is tied (a relaunch from the
        # health thread is stopped by stop() and atexit instead; one from the watch thread, which
        # lives until stop(), is tied to it).
        if tied is None:
            tied = threading.current_thread() is threading.main_thread()
        tied = tied and sys.platform == "linux"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--app-dir", _prefect_parent_dir(), "--factory",
             "prefect.server.api.server:create_app", "--host", "127.0.0.1", "--port", str(self.port),
             "--log-level", "error", "--lifespan", "on"],
            env={**os.environ, **SERVER_ENV}, stdin=subprocess.DEVNULL,
            preexec_fn=die_with_parent if tied else None,
            # Its own process group: Ctrl-C in a terminal signals the whole foreground group, and
            # a server gone first would leave the run reporting its interrupt to nobody, with
            # retries, for minutes. The run stops the server itself once it has said so.
            process_group=0,
        )

    def start(self) -> str:
        """Launch the server and return its API address; health is awaited in the background."""
        self._launch()
        threading.Thread(target=self._await_health, name="prefect-server-health", daemon=True).start()
        return self.api_url

    def _await_health(self) -> None:
        deadline = time.monotonic() + self.timeout
        relaunches = 2
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                if relaunches == 0:
                    self._error = f"the temporary Prefect server exited with code {self.process.returncode}"
                    return
                relaunches -= 1  # most likely the port was taken meanwhile: another port
                with self._launching:
                    if self._stopping.is_set():
                        return
                    self._launch()
                os.environ["PREFECT_API_URL"] = self.api_url
                continue
            if self._answers():
                self._healthy.set()
                threading.Thread(target=self._watch, name="prefect-server-watch", daemon=True).start()
                return
            time.sleep(0.1)
        self._error = f"the temporary Prefect server was not healthy after {self.timeout:.0f} s"

    def _answers(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.api_url}/health", timeout=2) as response:
                return response.status == 200
        except (urllib.error.URLError, OSError):
            return False

    def _watch(self, every: float = 0.5, relaunches: int = 3) -> None:
        """Start the server again, on the same port, if it dies while the run needs it (killed,
        out of memory). Its state is a file under PREFECT_HOME, so the run's records are still
        there, and Prefect's client retries a refused connection with back-off (2, 4, 8 s ...),
        so the run carries on instead of failing, or hanging, on every call it makes."""
        while not self._stopping.wait(every):
            if self.process.poll() is None:
                continue
            if relaunches == 0:
                print("khronika: the temporary Prefect server died again; not restarting it",
                      file=sys.stderr, flush=True)
                return
            relaunches -= 1
            with self._launching:
                if self._stopping.is_set():
                    return
                print(f"khronika: the temporary Prefect server exited ({self.process.returncode}); "
                      f"restarting it on port {self.port}", file=sys.stderr, flush=True)
                self._launch(port=self.port, tied=True)

    def wait(self) -> None:
        """Block until the server answers; raise ServerFailed if it never will."""
        while not self._healthy.wait(0.1):
            if self._error:
                raise ServerFailed(self._error)

    def stop(self) -> None:
        with self._launching:
            self._stopping.set()
            process = self.process
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def embedded_prefect() -> None:
    """With no server configured, keep Prefect's temporary-server state inside the project."""
    if not os.environ.get("PREFECT_API_URL") and not os.environ.get("PREFECT_HOME"):
        home = PROJECT_ROOT / ".prefect" / "embedded"
        home.mkdir(parents=True, exist_ok=True)
        os.environ["PREFECT_HOME"] = str(home)
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    # The temporary server can take longer than Prefect's 20 s default on a loaded machine.
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "INFO")


def configured_api_url() -> str | None:
    """PREFECT_API_URL from the environment, or from Prefect's settings once Prefect is loaded
    (a test harness or a caller's temporary_settings)."""
    if "prefect.settings" in sys.modules:
        from prefect.settings import PREFECT_API_URL

        return PREFECT_API_URL.value() or None
    return os.environ.get("PREFECT_API_URL") or None


_early: TemporaryServer | None = None


def _start() -> TemporaryServer:
    server = TemporaryServer(timeout=float(os.environ.get("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", 120)))
    atexit.register(server.stop)  # also when the run ends before prefect_api() takes it
    # Ctrl-C held back (delivered right after) while the server starts: a KeyboardInterrupt
    # between its launch and its record would leave it running with nobody to stop it.
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        os.environ["PREFECT_API_URL"] = server.start()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
    return server


def start_early() -> None:
    """Start the temporary server now, if no Prefect API is configured; prefect_api() takes it."""
    global _early
    if _early is None and not configured_api_url():
        _early = _start()


@contextmanager
def prefect_api() -> Iterator[Callable[[], str | None]]:
    """Use the Prefect API in PREFECT_API_URL, or a temporary server for the block (the one
    start_early() started, else a new one).

    Yields `ready()`: call it after the heavy imports; it waits for the temporary server and
    returns its address (None when the configured API is used).
    """
    global _early
    server, _early = _early, None
    if server is None:
        if configured_api_url():
            yield lambda: None
            return
        server = _start()

    def ready() -> str:
        server.wait()
        os.environ["PREFECT_API_URL"] = server.api_url  # for processes the run starts (Dask)
        return server.api_url

    try:
        yield ready
    finally:
        _drain_prefect_workers()
        server.stop()
        os.environ.pop("PREFECT_API_URL", None)


def _drain_prefect_workers(timeout: float = 10) -> None:
    """Send Prefect's queued logs and events while the server still answers."""
    if "prefect.logging.handlers" not in sys.modules:
        return
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for worker in (APILogWorker, EventsWorker):
        try:
            worker.drain_all(timeout=timeout)
        except RuntimeError:
            pass  # never started
