"""`khronika stack up --database postgres` for real: a local PostgreSQL under the stack's home, the
Prefect server on it, the deployments applied, a nightly run triggered to Completed, and
`down` stopping the database with the rest."""
from __future__ import annotations

import asyncio

import psutil
import pytest

from flows.ops import postgres, stack
from tests.flows.ops.test_postgres import needs_postgres
from tests.prefect_api import create_flow_run, deployment, logs, start_test_stack, wait_final

pytestmark = [pytest.mark.server, pytest.mark.timeout(900), needs_postgres]


def flow_runs_in_postgres(cluster: postgres.Cluster, port: int, flow_run_id: str) -> list[tuple]:
    import asyncpg

    async def query() -> list[tuple]:
        con = await asyncpg.connect(host="127.0.0.1", port=port, user="prefect",
                                    password=cluster.password(), database="prefect")
        try:
            rows = await con.fetch("SELECT name, state_type::text FROM flow_run WHERE id = $1::uuid",
                                   flow_run_id)
            return [tuple(row) for row in rows]
        finally:
            await con.close()

    return asyncio.run(query())


def test_postgres_stack_runs_nightly_to_completed_and_down_stops_the_database(open_tmp_path):
    home = open_tmp_path / "stack"
    try:
        config = start_test_stack(home, database="postgres")
        state = stack.load_state(home)
        report = stack.status(home)
        assert report["database"] == "postgres" and report["running"] and report["healthy"]
        assert report["postgres"]["alive"]
        port = state["postgres_port"]
        assert not (home / "prefect.db").exists()  # SQLite is not used

        api = config.api_url
        nightly = deployment(api, "khronika-etl", "nightly")
        response = create_flow_run(api, nightly["id"], {"db": str(open_tmp_path / "k.duckdb")})
        assert response.status_code == 201, response.text
        run = wait_final(api, response.json()["id"])
        assert run["state_type"] == "COMPLETED", logs(api, run["id"])
        # The server keeps its state in the stack's PostgreSQL.
        cluster = postgres.Cluster(home)
        assert flow_runs_in_postgres(cluster, port, run["id"]) == [(run["name"], "COMPLETED")]

        # Asked for SQLite while it runs on PostgreSQL: refused, nothing changed.
        with pytest.raises(stack.StackError, match="already runs on postgres"):
            stack.up(stack.StackConfig(home=home, port=config.port, database="sqlite"),
                     out=lambda line: None)
        # Up again without naming a database keeps PostgreSQL and every process.
        again = stack.up(stack.StackConfig(home=home, port=config.port, deploy=False,
                                           dashboard_port=config.dashboard_port),
                         out=lambda line: None)
        assert again["postgres"]["pid"] == state["postgres"]["pid"]
        assert again["server"]["pid"] == state["server"]["pid"]
    finally:
        outcome = stack.down(home, out=lambda line: None)
    assert outcome["postgres"] == "stopped"
    pids = [state[name]["pid"] for name in ("postgres", "server", "worker")]
    assert not any(psutil.pid_exists(pid) and psutil.Process(pid).status() != "zombie"
                   for pid in pids)
    assert not stack.port_in_use("127.0.0.1", port)
    assert (home / "postgres" / "data" / "PG_VERSION").is_file()  # the data stays for next time
