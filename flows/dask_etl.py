"""The ETL flow on Dask, for deployments: the task runner is chosen by parameters.

A deployment cannot pass a task runner as a parameter, so this flow takes the Dask scheduler's
address (empty: a local cluster) and runs `etl` under the Dask task runner as a subflow, with
every other ETL parameter as declared once in flows/steps/parameters.py (`dask_workers` is the
ETL's `workers`: the local cluster's size). Extraction fans out as one task per staged batch;
the load stays one transaction in this flow's process, the warehouse's single writer.
"""
from __future__ import annotations

from typing import Annotated

from prefect import flow
from pydantic import Field

from flows.steps.parameters import (
    BatchSize,
    ChunkArticles,
    Db,
    EtlParameters,
    MaxArticleChars,
    MaxFileBytes,
    MaxRecordsPerFile,
    RetireMissing,
    Sources,
    WaitSeconds,
    shown_as,
    with_parameter_docs,
)
from flows.steps.runners import etl_with_runner

DEFAULTS = EtlParameters()


@flow(name="khronika-etl-dask", log_prints=True)
@with_parameter_docs
def etl_on_dask(
    sources: Sources = DEFAULTS.sources,
    db: Db = DEFAULTS.db,
    batch_size: BatchSize = DEFAULTS.batch_size,
    wait_seconds: WaitSeconds = DEFAULTS.wait_seconds,
    max_file_bytes: MaxFileBytes = DEFAULTS.max_file_bytes,
    max_article_chars: MaxArticleChars = DEFAULTS.max_article_chars,
    max_records_per_file: MaxRecordsPerFile = DEFAULTS.max_records_per_file,
    chunk_articles: ChunkArticles = DEFAULTS.chunk_articles,
    dask_address: Annotated[str | None, Field(
        description="Dask scheduler, e.g. tcp://10.0.0.5:8786; empty: a local cluster"),
        shown_as({"type": "string"})] = None,
    dask_workers: Annotated[int | None, Field(
        ge=1, description="Workers of the local cluster (default: one per core)"),
        shown_as({"type": "integer", "minimum": 1})] = None,
    retire_missing: RetireMissing = DEFAULTS.retire_missing,
) -> dict:
    """Process new and changed article files from `sources` into `db`, extracting on Dask."""
    etl = etl_with_runner("dask", dask_address, dask_workers)
    return etl(sources=sources, db=db, batch_size=batch_size, wait_seconds=wait_seconds,
               max_file_bytes=max_file_bytes, max_article_chars=max_article_chars,
               max_records_per_file=max_records_per_file, workers=dask_workers,
               retire_missing=retire_missing, chunk_articles=chunk_articles)
