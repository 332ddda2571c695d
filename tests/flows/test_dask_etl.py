"""The flow on a local Dask cluster builds the same warehouse as the default runner."""
from pathlib import Path

import duckdb
import pytest

from flows.cli import EXIT_FAILED, main
from flows.dask_etl import etl_on_dask
from flows.etl import etl
from flows.steps.runners import RunnerConfigError, check_dask_reaches_api
from tests.conftest import SAMPLE, SEEDS

COMPARED = {
    "mentions": "SELECT * EXCLUDE (run_id) FROM mentions",
    "entities": "SELECT entity_id, type, name FROM entities",
    "events": "SELECT * EXCLUDE (run_id) FROM events",
    "event_arguments": "SELECT * EXCLUDE (run_id) FROM event_arguments",
    "articles": "SELECT * EXCLUDE (run_id) FROM articles",
}


def warehouse_rows(db: Path) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {table: sorted(con.execute(sql).fetchall(), key=repr) for table, sql in COMPARED.items()}
    finally:
        con.close()


@pytest.mark.server
def test_dask_runner_builds_the_same_warehouse_as_the_default(tmp_path, monkeypatch):
    from prefect.settings import PREFECT_API_URL

    # Dask's worker processes read the API address from the environment, as under a deployment.
    monkeypatch.setenv("PREFECT_API_URL", PREFECT_API_URL.value())
    sources = [str(SEEDS), str(SAMPLE)]
    default = etl(sources=sources, db=str(tmp_path / "default.duckdb"), batch_size=2)
    on_dask = etl_on_dask(sources=sources, db=str(tmp_path / "dask.duckdb"), batch_size=2, dask_workers=2)

    assert on_dask["articles_new"] == default["articles_new"] >= 6
    assert on_dask["mentions"] == default["mentions"] > 0
    dask_rows, default_rows = warehouse_rows(tmp_path / "dask.duckdb"), warehouse_rows(tmp_path / "default.duckdb")
    assert dask_rows["mentions"]
    assert dask_rows == default_rows


def test_remote_dask_workers_need_a_reachable_prefect_api():
    with pytest.raises(RunnerConfigError, match="PREFECT_API_URL"):
        check_dask_reaches_api("tcp://10.20.30.40:8786", "http://127.0.0.1:4200/api")
    with pytest.raises(RunnerConfigError):
        check_dask_reaches_api("tcp://dask.example:8786", None)
    check_dask_reaches_api("tcp://127.0.0.1:8786", None)  # a local cluster reaches the temporary server
    check_dask_reaches_api("tcp://10.20.30.40:8786", "http://10.20.30.1:4200/api")


@pytest.mark.server
def test_cli_fails_fast_on_a_remote_scheduler_without_a_reachable_api(tmp_path, capsys):
    code = main(["run", str(SEEDS), "--db", str(tmp_path / "w.duckdb"), "--dask-address", "tcp://10.20.30.40:8786"])
    assert code == EXIT_FAILED
    assert "PREFECT_API_URL" in capsys.readouterr().err
    assert not (tmp_path / "w.duckdb").exists()
