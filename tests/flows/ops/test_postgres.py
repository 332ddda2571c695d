"""The stack's local PostgreSQL: who runs it, where its data may live, how it is reached, and the
failure-notification automation's definition."""
from __future__ import annotations

import asyncio
import os
import subprocess
import sys

import pytest

from flows.ops import postgres, stack
from flows.ops.temporary_server import free_port


def installed() -> bool:
    try:
        postgres.bin_dir()
        postgres.run_as()
    except stack.StackError:
        return False
    return True


needs_postgres = pytest.mark.skipif(not installed(), reason="PostgreSQL is not installed "
                                    "(tests/install_system_deps.sh installs it as root)")


def test_database_must_be_sqlite_or_postgres():
    result = subprocess.run([sys.executable, "-m", "flows.ops.stack", "up", "--database", "mysql"],
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 2
    assert "invalid choice: 'mysql'" in result.stderr


def test_unknown_database_in_config_is_refused(tmp_path):
    config = stack.StackConfig(home=tmp_path, database="oracle", deploy=False)
    with pytest.raises(stack.StackError, match="database must be one of sqlite, postgres"):
        stack.up(config, out=lambda line: None)


def test_notify_webhook_must_be_http(tmp_path):
    config = stack.StackConfig(home=tmp_path, notify_webhook="file:///etc/passwd")
    with pytest.raises(stack.StackError, match="must be an http:// or https:// URL"):
        stack.ensure_failure_notification(config, out=lambda line: None)


def test_failure_notification_fires_on_failed_and_crashed_flow_runs():
    block_id = "0b5a6c3e-2f7c-4a53-9d27-9c0a8c1e5f11"
    automation = stack.failure_notification(block_id)
    trigger = automation["trigger"]
    assert set(trigger["expect"]) == {"prefect.flow-run.Failed", "prefect.flow-run.Crashed"}
    assert trigger["posture"] == "Reactive" and trigger["threshold"] == 1
    assert trigger["match"] == {"prefect.resource.id": ["prefect.flow-run.*"]}
    [action] = automation["actions"]
    assert action["type"] == "send-notification" and action["block_document_id"] == block_id
    assert "{{ flow_run.state.message }}" in action["body"]
    assert "{{ flow_run|ui_url }}" in action["body"]


def test_unreachable_folder_names_the_first_closed_parent(open_tmp_path):
    other = postgres.RunAs("someone", uid=os.getuid() + 4242, gid=os.getgid() + 4242, groups=())
    closed = open_tmp_path / "closed"
    (closed / "inner").mkdir(parents=True)
    data = closed / "inner" / "data"
    assert postgres.unreachable_folder(data, other) is None
    closed.chmod(0o700)
    try:
        assert postgres.unreachable_folder(data, other) == closed
        closed.chmod(0o711)  # may enter without listing: enough for postgres
        assert postgres.unreachable_folder(data, other) is None
        # Its owner enters a folder closed to everyone else.
        owner = postgres.RunAs("owner", uid=closed.stat().st_uid, gid=4242, groups=())
        closed.chmod(0o700)
        assert postgres.unreachable_folder(data, owner) is None
    finally:
        closed.chmod(0o755)


@needs_postgres
@pytest.mark.skipif(os.geteuid() != 0, reason="the folder check applies when root starts it")
def test_root_gets_a_clear_error_for_a_home_the_postgres_user_cannot_enter(tmp_path_factory):
    home = tmp_path_factory.mktemp("closed")  # under pytest's 0700 folder
    with pytest.raises(stack.StackError, match="cannot enter .*chmod o\\+x"):
        postgres.Cluster(home).init(out=lambda line: None)
    assert not (home / "postgres" / "data" / "PG_VERSION").exists()


@needs_postgres
@pytest.mark.slow
def test_cluster_serves_the_prefect_database_on_loopback_with_a_password(open_tmp_path):
    import asyncpg

    cluster = postgres.Cluster(open_tmp_path / "home")
    lines: list[str] = []
    cluster.init(out=lines.append)
    assert (cluster.password_file.stat().st_mode & 0o777) == 0o600
    if os.geteuid() == 0:
        assert cluster.data.stat().st_uid == postgres.run_as().uid and "runs as" in lines[0]
    port = free_port()
    entry = cluster.start(port, open_tmp_path / "postgres.log", tie_to_parent=True)
    try:
        stack._wait(lambda: cluster.accepting(port), 60, "PostgreSQL", entry)
        cluster.ensure_database(port)
        cluster.ensure_database(port)  # again: nothing to do, no error

        async def check() -> tuple:
            con = await asyncpg.connect(host="127.0.0.1", port=port, user="prefect",
                                        password=cluster.password(), database="prefect")
            try:
                return (await con.fetchval("SELECT extname FROM pg_extension WHERE extname = 'pg_trgm'"),
                        await con.fetchval("SHOW listen_addresses"),
                        await con.fetchval("SHOW unix_socket_directories"))
            finally:
                await con.close()

        assert asyncio.run(check()) == ("pg_trgm", "127.0.0.1", "")
        assert cluster.url(port).startswith("postgresql+asyncpg://prefect:")
        assert cluster.url(port).endswith(f"@127.0.0.1:{port}/prefect")

        async def wrong_password() -> None:
            await asyncpg.connect(host="127.0.0.1", port=port, user="prefect",
                                  password="not-it", database="prefect")

        with pytest.raises(asyncpg.InvalidPasswordError):
            asyncio.run(wrong_password())
    finally:
        assert postgres.stop(entry) == "stopped"
    assert not stack.port_in_use("127.0.0.1", port)
    assert postgres.stop(entry) == "not running"
