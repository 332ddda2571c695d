"""Where a run's tasks execute: the default (extraction fans out over local processes) or Dask.

Dask workers report their task runs to the Prefect API, so they need one they can reach: a
local cluster reaches the run's temporary server on loopback; workers on other machines need
a real server in PREFECT_API_URL.
"""
from __future__ import annotations

import ipaddress
from urllib.parse import urlparse

RUNNERS = ("local", "dask")


class RunnerConfigError(ValueError):
    """The requested task runner cannot work with the Prefect API at hand."""


def is_loopback(address: str) -> bool:
    host = urlparse(address if "://" in address else f"tcp://{address}").hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_dask_reaches_api(dask_address: str | None, api_url: str | None) -> None:
    """Fail fast when remote Dask workers could not report to the Prefect API."""
    if dask_address and not is_loopback(dask_address) and (not api_url or is_loopback(api_url)):
        raise RunnerConfigError(
            f"Dask workers at {dask_address} cannot reach a Prefect API on this machine's loopback "
            f"({api_url or 'temporary server'}): start a Prefect server they can reach "
            "(prefect server start --host 0.0.0.0) and set PREFECT_API_URL to its address")


def dask_task_runner(dask_address: str | None = None, workers: int | None = None):
    """Prefect's Dask task runner: on the scheduler at `dask_address`, else on a local cluster
    of `workers` single-threaded processes (default: one per core)."""
    from prefect_dask import DaskTaskRunner

    from tasks.nlp.pool import default_workers

    if dask_address:
        return DaskTaskRunner(address=dask_address)
    return DaskTaskRunner(cluster_kwargs={
        "n_workers": workers or default_workers(), "threads_per_worker": 1, "processes": True,
        "dashboard_address": None,
    })


def on_dask(runner: str, dask_address: str | None) -> bool:
    return runner == "dask" or bool(dask_address)


def etl_with_runner(runner: str, dask_address: str | None = None, workers: int | None = None):
    """The ETL flow, on the chosen task runner."""
    from flows.etl import etl

    if on_dask(runner, dask_address):
        from flows.ops.temporary_server import configured_api_url

        check_dask_reaches_api(dask_address, configured_api_url())
        return etl.with_options(task_runner=dask_task_runner(dask_address, workers))
    return etl
