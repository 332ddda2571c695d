"""The ETL flow on Dask, for deployments: the task runner is chosen by parameters.

A deployment cannot pass a task runner as a parameter, so this flow takes the Dask scheduler's
address (empty: a local cluster) and runs `etl` under the Dask task runner as a subflow.
Extraction fans out as one task per staged batch; the load stays one transaction in this
flow's process, the warehouse's single writer.
"""
from __future__ import annotations

from typing import Annotated

from prefect import flow
from pydantic import Field

from flows.runners import etl_with_runner
from tasks.settings import DEFAULT_BATCH_SIZE, DEFAULT_DB


@flow(name="khronika-etl-dask", log_prints=True)
def etl_on_dask(
    sources: list[str] | None = None,
    db: str = str(DEFAULT_DB),
    batch_size: Annotated[int, Field(ge=1)] = DEFAULT_BATCH_SIZE,
    wait_seconds: Annotated[float, Field(ge=0)] = 0,
    dask_address: Annotated[str | None, Field(
        description="Dask scheduler, e.g. tcp://10.0.0.5:8786; empty: a local cluster")] = None,
    dask_workers: Annotated[int | None, Field(
        ge=1, description="Workers of the local cluster (default: one per core)")] = None,
) -> dict:
    """Process new and changed article files from `sources` into `db`, extracting on Dask."""
    etl = etl_with_runner("dask", dask_address, dask_workers)
    return etl(sources=sources, db=db, batch_size=batch_size, wait_seconds=wait_seconds)
