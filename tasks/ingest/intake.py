"""From discovered files to staged batches of new and changed articles, plus the file ledger.

Unchanged files (same path and bytes as a committed run read) are not parsed again, nor are files
a committed run quarantined whose bytes have not changed since (they are listed as unchanged, with
the run and reason that refused them); unchanged articles (same id and text hash as the warehouse
holds) are not analysed again.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import polars as pl

from tasks.ingest.discover import SourceFile
from tasks.ingest.duplicates import DuplicateIndex, signature
from tasks.ingest.read_file import ingest_file
from tasks.quality.quarantine import QuarantineRow, quarantine_frame
from tasks.quality.validate import split_valid, to_frame
from tasks.settings import Limits
from tasks.warehouse.runs import WarehouseState
from tasks.warehouse.staging import Staging

LEDGER_SCHEMA = {
    "path": pl.String, "size": pl.Int64, "mtime": pl.Datetime("us"), "content_hash": pl.String,
    "format": pl.String, "encoding": pl.String, "status": pl.String, "reason": pl.String,
    "articles": pl.Int64,
}


@dataclass
class Intake:
    batches: list[str] = field(default_factory=list)        # staged article files to extract
    files: Counter = field(default_factory=Counter)          # ledger status -> files
    articles: Counter = field(default_factory=Counter)       # new / changed / unchanged
    quarantined: int = 0
    duplicates: int = 0                                      # new texts that copy an earlier one
    schema_checks: Counter = field(default_factory=Counter)  # check -> failing rows
    deferred: int = 0      # files left unread for the next run (a chunk was full)


def _ledger_row(file: SourceFile, status: str, reason: str | None, encoding: str | None = None, articles: int = 0) -> dict:
    return {
        "path": file.path, "size": file.size, "mtime": file.mtime, "content_hash": file.content_hash,
        "format": file.format, "encoding": encoding, "status": status, "reason": reason, "articles": articles,
    }


def stage_articles(
    files: Iterable[SourceFile], state: WarehouseState, limits: Limits, staging: Staging, batch_size: int,
    chunk_articles: int | None = None,
) -> Intake:
    """Read new and changed files and stage their articles in batches. With `chunk_articles`,
    once that many new or changed articles are staged the files left are not read (nor listed
    in the ledger): the next run takes them, so a backlog is a sequence of committed runs."""
    intake = Intake()
    ledger: list[dict] = []
    quarantine: list[dict] = []
    pending: list[dict] = []
    seen_ids: set[str] = set()
    copies = DuplicateIndex(state.originals)

    def flush() -> None:
        if not pending:
            return
        split = split_valid("articles", to_frame("articles", pending))
        quarantine.extend(split.quarantine)
        intake.schema_checks.update(split.checks)
        batch = f"{len(intake.batches) + 1:05d}"
        path = staging.write("articles_history", split.good, batch)
        if path is not None:
            intake.batches.append(str(path))
        pending.clear()

    for file in files:
        if chunk_articles is not None and intake.articles["new"] + intake.articles["changed"] >= chunk_articles:
            intake.deferred += 1
            continue
        if file.status is not None:
            ledger.append(_ledger_row(file, file.status, file.reason))
            quarantine.extend(ingest_file(file, limits).quarantine)  # refused by discover: one row
            continue
        if file.content_hash is not None and state.file_hashes.get(file.path) == file.content_hash:
            held = state.file_articles.get(file.path, 0)
            intake.articles["unchanged"] += held
            refused = state.refused_files.get(file.path)
            reason = (f"quarantined by run {refused[0]} ({refused[1]}); same bytes since, not read again"
                      if refused else "same bytes as a committed run read")
            ledger.append(_ledger_row(file, "unchanged", reason, articles=held))
            continue
        result = ingest_file(file, limits)
        quarantine.extend(result.quarantine)
        fresh = 0
        for article in result.articles:
            article_id = article["article_id"]
            if article_id in seen_ids:
                quarantine.append(QuarantineRow(
                    file.path, "ingest",
                    "article_id already read in this run (same id and relative path under two sources)",
                    table_name="articles", column_name="article_id", value=article_id, article_id=article_id,
                ))
                continue
            seen_ids.add(article_id)
            current = state.article_hashes.get(article_id)
            change = "new" if current is None else "unchanged" if current == article["content_hash"] else "changed"
            intake.articles[change] += 1
            if change != "unchanged":
                article["text_minhash"] = signature(article["text"])
                article["duplicate_of"] = copies.first_copy(article_id, article["text_minhash"])
                intake.duplicates += article["duplicate_of"] is not None
                fresh += 1
                pending.append(article)
                if len(pending) >= batch_size:
                    flush()
        if result.status == "quarantined":
            status = "quarantined"
        else:
            status = "loaded" if fresh or not result.articles else "unchanged"
        ledger.append(_ledger_row(file, status, result.reason, result.encoding, len(result.articles)))
    flush()

    for row in ledger:
        intake.files[row["status"]] += 1
    intake.quarantined = len(quarantine)
    staging.write("ingest_files", pl.DataFrame(ledger, schema=LEDGER_SCHEMA, strict=False), "ledger")
    staging.write("quarantine", quarantine_frame(quarantine), "ingest")
    return intake
