"""Pick stored articles for re-extraction and stage them as the extract stage's input batches.

The articles themselves are never rewritten: a reprocess run adds new extractions (and with
them new mentions, events and arguments) under its own run id, so the earlier ones stay
queryable through the *_as_of(n) macros.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import polars as pl

from tasks.staging import Staging
from tasks.warehouse import connect, sql_file

# Outside the staged table names, so the load never mistakes the input for articles_history.
INPUT_DIR = "reprocess-input"


@dataclass(frozen=True)
class Scope:
    article_ids: tuple[str, ...] | None = None
    date_from: date | None = None
    date_to: date | None = None
    everything: bool = False


def stage_stored_articles(db: str | Path, scope: Scope, extractor_version: str,
                          staging: Staging, batch_size: int) -> tuple[list[str], int]:
    """Write the articles in scope as Parquet batches; return the batch files and article count."""
    con = connect(db, read_only=True)
    try:
        reader = con.sql(sql_file("queries", "reprocess_candidates.sql"), params={
            "article_ids": list(scope.article_ids) if scope.article_ids else None,
            "date_from": scope.date_from, "date_to": scope.date_to,
            "everything": scope.everything, "extractor_version": extractor_version,
        }).to_arrow_reader(batch_size)  # streamed: memory stays at one batch
        folder = staging.root / INPUT_DIR
        folder.mkdir(parents=True, exist_ok=True)
        batches, total = [], 0
        for record_batch in reader:
            frame = pl.from_arrow(record_batch)
            if frame.height == 0:
                continue
            path = folder / f"{len(batches) + 1:05d}.parquet"
            frame.write_parquet(path)
            batches.append(str(path))
            total += frame.height
        return batches, total
    finally:
        con.close()
