"""A local PostgreSQL for the Prefect server: Debian's binaries, data under <PREFECT_HOME>/postgres,
listening on 127.0.0.1 only (no Unix socket), one password-protected role.

PostgreSQL refuses to run as root. When the stack is started by root, initdb and the server run
as the unprivileged `postgres` user that Debian's package creates (or $KHRONIKA_PG_USER); the
data folder is handed to that user, and every folder above it must be one that user can enter.
"""
from __future__ import annotations

import asyncio
import os
import pwd
import secrets
import shutil
import signal
import stat
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import psutil

from flows.ops.processes import StackError, recorded_process, spawn, stop_process

ROLE = "prefect"
DATABASE = "prefect"
HOST = "127.0.0.1"
DEFAULT_BIN = Path("/usr/lib/postgresql/15/bin")
DEFAULT_SYSTEM_USER = "postgres"


@dataclass(frozen=True)
class RunAs:
    """The unprivileged account the database processes switch to (only when started by root)."""
    name: str
    uid: int
    gid: int
    groups: tuple[int, ...]

    def demote(self) -> None:
        os.setgroups(list(self.groups))
        os.setgid(self.gid)
        os.setuid(self.uid)


def bin_dir() -> Path:
    """Where initdb and postgres live: $KHRONIKA_PG_BIN, Debian's 15 (or the newest Debian
    version installed), or pg_config's answer."""
    candidates = []
    if os.environ.get("KHRONIKA_PG_BIN"):
        candidates.append(Path(os.environ["KHRONIKA_PG_BIN"]))
    candidates.append(DEFAULT_BIN)
    # Another Debian release ships another major version: the newest one installed.
    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"),
                         key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
                         reverse=True)
    if shutil.which("pg_config"):
        out = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True, check=False)
        if out.returncode == 0:
            candidates.append(Path(out.stdout.strip()))
    for folder in candidates:
        if (folder / "postgres").is_file() and (folder / "initdb").is_file():
            return folder
    raise StackError("PostgreSQL is not installed (no initdb/postgres in "
                     f"{', '.join(map(str, candidates))}): apt-get install postgresql, "
                     "or set KHRONIKA_PG_BIN to its bin folder")


def run_as() -> RunAs | None:
    """None when this process may run PostgreSQL itself (it is not root)."""
    if os.geteuid() != 0:
        return None
    name = os.environ.get("KHRONIKA_PG_USER", DEFAULT_SYSTEM_USER)
    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        raise StackError(f"PostgreSQL will not run as root and there is no user {name!r} to run it "
                         "as: install Debian's postgresql (it creates 'postgres') or set "
                         "KHRONIKA_PG_USER to an unprivileged user") from None
    if entry.pw_uid == 0:
        raise StackError(f"KHRONIKA_PG_USER={name!r} is root; PostgreSQL needs an unprivileged user")
    return RunAs(name, entry.pw_uid, entry.pw_gid, tuple(os.getgrouplist(name, entry.pw_gid)))


def unreachable_folder(path: Path, user: RunAs) -> Path | None:
    """The first folder above `path` that `user` may not enter, if any."""
    for folder in reversed(Path(path).resolve().parents):
        mode = folder.stat()
        if mode.st_uid == user.uid:
            ok = mode.st_mode & stat.S_IXUSR
        elif mode.st_gid in user.groups:
            ok = mode.st_mode & stat.S_IXGRP
        else:
            ok = mode.st_mode & stat.S_IXOTH
        if not ok:
            return folder
    return None


@dataclass
class Cluster:
    """One database cluster under a stack's home."""
    home: Path

    @property
    def root(self) -> Path:
        return Path(self.home) / "postgres"

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def password_file(self) -> Path:
        return self.root / "password"

    def password(self) -> str:
        return self.password_file.read_text(encoding="utf-8").strip()

    def url(self, port: int) -> str:
        """What PREFECT_SERVER_DATABASE_CONNECTION_URL gets (asyncpg ships with Prefect)."""
        return (f"postgresql+asyncpg://{ROLE}:{quote(self.password(), safe='')}"
                f"@{HOST}:{port}/{DATABASE}")

    def initialised(self) -> bool:
        return (self.data / "PG_VERSION").is_file()

    def init(self, out=print) -> None:
        """initdb once: a superuser role `prefect` with a generated password, checked on every
        connection (scram-sha-256), also on loopback: other local users get no way in."""
        if self.initialised():
            return
        binaries, user = bin_dir(), run_as()
        self.root.mkdir(parents=True, exist_ok=True)
        self.root.chmod(0o755)  # the database user enters it; the password file stays 0600
        if user is not None and (blocked := unreachable_folder(self.data, user)):
            raise StackError(f"PostgreSQL runs as the user {user.name!r}, who cannot enter "
                             f"{blocked}; put the stack's --home under a folder that user can "
                             "enter (chmod o+x on the folders above it)")
        if self.data.exists() and any(self.data.iterdir()):
            raise StackError(f"{self.data} is not empty but holds no database cluster; "
                             "move it away first")
        self.data.mkdir(mode=0o700, exist_ok=True)
        if not self.password_file.exists():
            fd = os.open(self.password_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(secrets.token_urlsafe(24) + "\n")
        # initdb reads the password from a file its user can read; removed right after.
        pwfile = self.root / ".initdb-password"
        pwfile.write_text(self.password() + "\n", encoding="utf-8")
        pwfile.chmod(0o600)
        try:
            if user is not None:
                os.chown(self.data, user.uid, user.gid)
                os.chown(pwfile, user.uid, user.gid)
            result = subprocess.run(
                [str(binaries / "initdb"), "-D", str(self.data), "-U", ROLE,
                 f"--pwfile={pwfile}", "--auth-host=scram-sha-256", "--auth-local=scram-sha-256",
                 "-E", "UTF8", "--no-locale"],
                capture_output=True, text=True, cwd=self.root, timeout=300, check=False,
                preexec_fn=user.demote if user else None)
        finally:
            pwfile.unlink(missing_ok=True)
        if result.returncode != 0:
            raise StackError(f"initdb failed:\n{(result.stdout + result.stderr).strip()[-2000:]}")
        out(f"postgres: initialised {self.data}" + (f" (runs as {user.name!r})" if user else ""))

    def start(self, port: int, log: Path, tie_to_parent: bool = False) -> dict:
        user = run_as()
        entry = spawn(
            [str(bin_dir() / "postgres"), "-D", str(self.data), "-p", str(port),
             "-c", f"listen_addresses={HOST}", "-c", "unix_socket_directories="],
            {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C"}, log, self.root,
            tie_to_parent, demote=user.demote if user else None)
        entry["port"] = port
        return entry

    async def _ensure_database(self, port: int) -> None:
        import asyncpg

        con = await asyncpg.connect(host=HOST, port=port, user=ROLE, password=self.password(),
                                    database="postgres", timeout=10)
        try:
            if not await con.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", DATABASE):
                # CREATE DATABASE takes no parameters: the name is spelled out (= DATABASE).
                await con.execute("CREATE DATABASE prefect")
        finally:
            await con.close()
        con = await asyncpg.connect(host=HOST, port=port, user=ROLE, password=self.password(),
                                    database=DATABASE, timeout=10)
        try:
            # Prefect's migrations index names with trigrams.
            await con.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        finally:
            await con.close()

    def ensure_database(self, port: int) -> None:
        asyncio.run(self._ensure_database(port))

    def accepting(self, port: int) -> bool:
        async def probe() -> bool:
            import asyncpg

            try:
                con = await asyncpg.connect(host=HOST, port=port, user=ROLE,
                                            password=self.password(), database="postgres",
                                            timeout=2)
            except (TimeoutError, OSError, asyncpg.PostgresError):
                return False
            await con.close()
            return True

        return asyncio.run(probe())


def stop(entry: dict | None, timeout: float = 30.0) -> str:
    """Fast shutdown (SIGINT to the postmaster: open sessions are ended, data is flushed);
    the process group is killed only if that does not finish in time."""
    proc = recorded_process(entry)
    if proc is None:
        return "not running"
    try:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout)
        return "stopped"
    except psutil.NoSuchProcess:
        return "stopped"
    except psutil.TimeoutExpired:
        return stop_process(entry, timeout=5)
