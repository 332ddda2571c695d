"""A run's life in the warehouse: opened as running (committed on its own), failed with its
error; and the state a new run compares its inputs with."""
from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tasks.warehouse.connect import connect
from tasks.warehouse.doctor import refuse_if_damaged
from tasks.warehouse.migrate import apply_migrations
from tasks.warehouse.sql import sql_file


def begin_run(
    db_path: str | Path, *, flow_run_id: str | None, flow_name: str, code_version: str,
    extractor_version: str, model_versions: dict, parameters: dict,
) -> int:
    """Record a new run as running (committed on its own) and return its id; refuse, writing
    nothing, when the file is damaged (WarehouseDamaged)."""
    refuse_if_damaged(db_path)
    con = connect(db_path)
    try:
        apply_migrations(con)
        con.execute(sql_file("queries", "abandon_stale_runs.sql"))
        return con.execute(sql_file("queries", "begin_run.sql"), {
            "flow_run_id": flow_run_id, "flow_name": flow_name, "code_version": code_version,
            "extractor_version": extractor_version,
            "model_versions": json.dumps(model_versions, ensure_ascii=False),
            "parameters": json.dumps(parameters, ensure_ascii=False, default=str),
        }).fetchone()[0]
    finally:
        con.close()


def fail_run(db_path: str | Path, run_id: int, error: str) -> None:
    con = connect(db_path)
    try:
        con.execute(sql_file("queries", "fail_run.sql"), {"run_id": run_id, "error": error[:4000]})
    finally:
        con.close()


@dataclass(frozen=True)
class WarehouseState:
    article_hashes: dict[str, str]     # article_id -> content_hash, current
    file_hashes: dict[str, str]        # path -> content_hash last read in full
    file_articles: dict[str, int]      # path -> articles that file held then
    originals: list[tuple[str, bytes]] = field(default_factory=list)  # article_id -> text_minhash
    # path -> (run, reason) of the committed run that quarantined the file's current bytes
    refused_files: dict[str, tuple[int, str]] = field(default_factory=dict)
    # path -> the current articles read from that file (rows of articles_at_paths.sql), for the
    # files this run reads: what each record is compared with (tasks/ingest/identity.py)
    articles_at: dict[str, list[dict]] = field(default_factory=dict)
    # current articles whose file is gone from a folder this run scans (gone_articles.sql)
    gone: list[dict] = field(default_factory=list)
    # article_id -> source_path of the articles a committed run flagged gone, not back since
    removed: dict[str, str] = field(default_factory=dict)


def _dicts(cursor) -> list[dict]:
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def read_state(db_path: str | Path, present: Mapping[str, str | None] | None = None,
               roots: Sequence[str] = ()) -> WarehouseState:
    """What the warehouse holds, to compare a run's files with. ``present`` maps every path the
    run found (any status) to its content hash, ``roots`` are the source folders it scanned: the
    current articles of the files it will read are fetched, and those whose file is gone from a
    scanned folder."""
    present = present or {}
    # Read-only, so it can share the file with `khronika query` readers.
    con = connect(db_path, read_only=True)
    try:
        articles = dict(con.execute(sql_file("queries", "current_article_hashes.sql")).fetchall())
        files = con.execute(sql_file("queries", "known_files.sql")).fetchall()
        originals = con.execute(sql_file("queries", "current_originals.sql")).fetchall()
        known = {p: h for p, h, *_ in files}
        to_read = [path for path, digest in present.items() if digest is not None and known.get(path) != digest]
        articles_at: dict[str, list[dict]] = {}
        if articles and to_read:
            for row in _dicts(con.execute(sql_file("queries", "articles_at_paths.sql"), {"paths": to_read})):
                articles_at.setdefault(row["source_path"], []).append(row)
        gone = []
        for root in roots if articles else ():
            gone += _dicts(con.execute(sql_file("queries", "gone_articles.sql"),
                                       {"root": root.rstrip("/") + "/", "present": list(present)}))
        removed = dict(con.execute(sql_file("queries", "open_removals.sql")).fetchall())
        return WarehouseState(articles, known, {p: n or 0 for p, _, n, *_ in files},
                              [(article_id, bytes(sig)) for article_id, sig in originals],
                              {p: (run, reason) for p, _, _, run, reason in files if run is not None},
                              articles_at, gone, removed)
    finally:
        con.close()


def known_file_hashes(db_path: str | Path) -> dict[str, str]:
    """path -> the bytes (content hash) a committed run last read there, as read_state has them;
    empty for a warehouse not made yet."""
    if not Path(db_path).exists():
        return {}
    con = connect(db_path, read_only=True)
    try:
        return {path: digest for path, digest, *_ in con.execute(sql_file("queries", "known_files.sql")).fetchall()}
    finally:
        con.close()


def run_state(db_path: str | Path) -> tuple[int, str, int]:
    """(newest run id, its status, last committed run id); zeros for a warehouse with no run.
    Raises duckdb.Error when the file cannot be read right now."""
    if not Path(db_path).exists():
        return 0, "", 0
    con = connect(db_path, read_only=True)
    try:
        return con.execute(sql_file("queries", "run_state.sql")).fetchone()
    finally:
        con.close()
