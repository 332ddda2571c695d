"""Article identity across real folders (issue 15, items 2, 3 and 10): equal relative names in
two sources, metadata-only edits, renamed files and deleted ones, on real Lenta.ru texts
(tests/data/identity: two sources whose `2025-10-01.jsonl` both hold ids 1-3)."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import duckdb
import pytest

from tasks.ingest.discover import discover, scanned_roots
from tasks.ingest.intake import stage_articles
from tasks.nlp.pool import extract_batches
from tasks.settings import EXTRACTOR_VERSION, Limits
from tasks.warehouse.load import load_run
from tasks.warehouse.runs import begin_run, read_state
from tasks.warehouse.staging import Staging

DATA = Path(__file__).parents[1] / "data" / "identity"


def run(db: Path, *sources: Path, retire_missing: bool = False):
    """One whole run as the flow does it (discover, intake, extract, one-transaction load)."""
    run_id = begin_run(db, flow_run_id=None, flow_name="test", code_version="t",
                       extractor_version=EXTRACTOR_VERSION, model_versions={}, parameters={})
    staging = Staging.for_run(db, run_id)
    files = discover(sources, Limits())
    state = read_state(db, {f.path: f.content_hash for f in files}, scanned_roots(sources))
    intake = stage_articles(files, state, Limits(), staging, 50, retire_missing)
    for _ in extract_batches(intake.batches, str(staging.root), EXTRACTOR_VERSION):
        pass
    load_run(db, run_id, staging.tables(), {}, [])
    staging.remove()
    intake.run_id = run_id
    return intake


def rows(db: Path, sql: str, params: dict | None = None) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or {}).fetchall()
    finally:
        con.close()


@pytest.fixture
def sources(tmp_path) -> Path:
    """A copy of both sources, to edit, rename and delete in."""
    root = tmp_path / "in"
    shutil.copytree(DATA, root)
    return root


def texts(folder: Path) -> set[str]:
    return {json.loads(line)["text"] for path in folder.rglob("*.jsonl")
            for line in path.read_text(encoding="utf-8").splitlines()}


def current_texts(db: Path) -> set[str]:
    return {text for text, in rows(db, "SELECT text FROM articles")}


def test_equal_relative_names_in_two_sources_in_one_run(sources, tmp_path):
    db = tmp_path / "w.duckdb"
    intake = run(db, sources / "lenta", sources / "ria")
    assert intake.articles["new"] == 6 and intake.quarantined == 0
    assert current_texts(db) == texts(sources)
    assert rows(db, "SELECT count(*), count(DISTINCT path) FROM ingest_files WHERE status = 'loaded'") == [(2, 2)]
    again = run(db, sources / "lenta", sources / "ria")
    assert again.files["unchanged"] == 2 and again.articles["unchanged"] == 6


def test_equal_relative_names_in_two_sources_in_separate_runs(sources, tmp_path):
    db = tmp_path / "w.duckdb"
    run(db, sources / "lenta")
    second = run(db, sources / "ria")
    assert (second.articles["new"], second.articles["changed"]) == (3, 0)
    assert current_texts(db) == texts(sources)
    assert rows(db, "SELECT count(*) FROM articles_history") == [(6,)]


def test_ids_do_not_depend_on_the_working_directory(sources, tmp_path, monkeypatch):
    relative = tmp_path / "a.duckdb"
    monkeypatch.chdir(sources)
    run(relative, Path("lenta"))
    monkeypatch.chdir(tmp_path)
    absolute = tmp_path / "b.duckdb"
    run(absolute, sources / "lenta")
    ids = "SELECT article_id, text FROM articles ORDER BY 1"
    assert rows(relative, ids) == rows(absolute, ids)
