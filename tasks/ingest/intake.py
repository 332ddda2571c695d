"""From discovered files to staged batches of new and changed articles, plus the file ledger.

Unchanged files (same path and bytes as a committed run read) are not parsed again, nor are files
a committed run quarantined whose bytes have not changed since (they are listed as unchanged, with
the run and reason that refused them); unchanged articles (same id and text hash as the warehouse
holds) are not analysed again. Which stored article a record is, and whether a same-text record
still needs a new version (metadata, a renamed file), is tasks/ingest/identity.py's; the current
articles whose file is gone from a scanned source folder get a tombstone (article_removals).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import polars as pl

from tasks.ingest.discover import SourceFile
from tasks.ingest.duplicates import DuplicateIndex, signature
from tasks.ingest.identity import VERSION_ONLY, Identities
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
REMOVALS_SCHEMA = {"article_id": pl.String, "source_path": pl.String, "retired": pl.Boolean,
                   "returned": pl.Boolean}


@dataclass
class Intake:
    batches: list[str] = field(default_factory=list)        # staged article files to extract
    files: Counter = field(default_factory=Counter)          # ledger status -> files
    # new / changed / redated / edited / renamed / unchanged (tasks/ingest/identity.py)
    articles: Counter = field(default_factory=Counter)
    removed: int = 0                                         # articles newly found gone
    retired: int = 0                                         # of the gone, retired by this run
    returned: int = 0                                        # flagged gone before, found again
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
    retire_missing: bool = False,
    chunk_articles: int | None = None,
) -> Intake:
    """Stage the new versions of the articles in `files` (those to analyse in intake.batches,
    the metadata-only ones beside them), the file ledger, quarantine rows and tombstones: the
    articles of `state.gone` not taken over by a renamed file, retired when `retire_missing`.
    With `chunk_articles`, once that many new or changed articles are staged the files left are
    not read (nor listed in the ledger): the next run takes them, so a backlog is a sequence of
    committed runs."""
    intake = Intake()
    ledger: list[dict] = []
    quarantine: list[dict] = []
    pending: list[dict] = []
    versions: list[dict] = []   # new versions that keep their extraction (identity.VERSION_ONLY)
    version_batches = 0
    seen_ids: set[str] = set()
    copies = DuplicateIndex(state.originals)
    identities = Identities(state)
    present: set[str] = set()

    def flush(rows: list[dict], extract: bool = True) -> None:
        nonlocal version_batches
        if not rows:
            return
        split = split_valid("articles", to_frame("articles", rows))
        quarantine.extend(split.quarantine)
        intake.schema_checks.update(split.checks)
        if extract:
            path = staging.write("articles_history", split.good, f"{len(intake.batches) + 1:05d}")
            if path is not None:
                intake.batches.append(str(path))
        else:
            version_batches += 1
            staging.write("articles_history", split.good, f"v{version_batches:05d}")
        rows.clear()

    for file in files:
        present.add(file.path)
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
        collided = 0
        for article in result.articles:
            article_id, row, renamed = identities.resolve(file, article)
            article.pop("legacy_id", None)
            if article_id in seen_ids:
                # Two sources with the same folder name (refused before a run starts, see
                # flows/steps/parameters.py) or a file's id clashing with a taken-over one.
                collided += 1
                quarantine.append(QuarantineRow(
                    file.path, "ingest",
                    "article_id already read in this run (same id and relative path under two sources "
                    "with the same folder name)",
                    table_name="articles", column_name="article_id", value=article_id,
                    article_id=article_id,
                ))
                continue
            article["article_id"] = article_id
            seen_ids.add(article_id)
            change = identities.change(article, row, renamed)
            intake.articles[change] += 1
            if change == "unchanged":
                continue
            fresh += 1
            if change in VERSION_ONLY and row is not None:
                # Same text: the stored signature and copy link stay true, and so does the analysis.
                article["text_minhash"], article["duplicate_of"] = row["text_minhash"], row["duplicate_of"]
                versions.append(article)
                if len(versions) >= batch_size:
                    flush(versions, extract=False)
                continue
            article["text_minhash"] = signature(article["text"])
            article["duplicate_of"] = copies.first_copy(article_id, article["text_minhash"])
            intake.duplicates += article["duplicate_of"] is not None
            if change in VERSION_ONLY:   # held under a path not fetched: signature taken afresh
                versions.append(article)
                if len(versions) >= batch_size:
                    flush(versions, extract=False)
                continue
            pending.append(article)
            if len(pending) >= batch_size:
                flush(pending)
        reason = result.reason
        if result.status == "quarantined":
            status = "quarantined"
        elif collided and not fresh:
            status, reason = "quarantined", f"{collided} article id(s) already read in this run from another source"
        else:
            status = "loaded" if fresh or not result.articles else "unchanged"
        row = _ledger_row(file, status, reason, result.encoding, len(result.articles))
        if collided:
            # Its bytes are not remembered (known_files.sql skips a NULL hash): a file whose
            # articles were refused for another file's sake is read again by the next run.
            row["content_hash"] = None
        ledger.append(row)
    flush(pending)
    flush(versions, extract=False)
    removals = _tombstones(state, identities, present, retire_missing, intake)

    for row in ledger:
        intake.files[row["status"]] += 1
    intake.quarantined = len(quarantine)
    staging.write("ingest_files", pl.DataFrame(ledger, schema=LEDGER_SCHEMA, strict=False), "ledger")
    staging.write("quarantine", quarantine_frame(quarantine), "ingest")
    staging.write("article_removals", pl.DataFrame(removals, schema=REMOVALS_SCHEMA), "removals")
    return intake


def _tombstones(state: WarehouseState, identities: Identities, present: set[str], retire: bool,
                intake: Intake) -> list[dict]:
    """Rows for article_removals: current articles whose file is gone (not renamed) from a
    scanned folder, once each until they return (all of them again when retiring), and the
    flagged articles this run found again (their file is back, or a renamed copy of it)."""
    rows = []
    for row in state.gone:
        article_id = row["article_id"]
        if article_id in identities.claimed or (article_id in state.removed and not retire):
            continue
        rows.append({"article_id": article_id, "source_path": row["source_path"], "retired": retire,
                     "returned": False})
        intake.removed += article_id not in state.removed
        intake.retired += retire
    for article_id, path in state.removed.items():
        if article_id in identities.claimed or path in present:
            rows.append({"article_id": article_id, "source_path": path, "retired": False, "returned": True})
            intake.returned += 1
    return rows
