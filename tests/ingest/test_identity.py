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

from tasks.ingest import records as records_module
from tasks.ingest.discover import discover, scanned_roots
from tasks.ingest.intake import stage_articles
from tasks.nlp.pool import extract_batches
from tasks.settings import EXTRACTOR_VERSION, Limits
from tasks.warehouse.aggregates import AGGREGATES, over_every_article
from tasks.warehouse.export import export_warehouse
from tasks.warehouse.load import load_run
from tasks.warehouse.runs import WarehouseState, begin_run, read_state
from tasks.warehouse.staging import Staging
from tests.warehouse_checks import code_before

DATA = Path(__file__).parents[1] / "data" / "identity"


def run(db: Path, *sources: Path, retire_missing: bool = False, state: WarehouseState | None = None):
    """One whole run as the flow does it (discover, intake, extract, one-transaction load)."""
    run_id = begin_run(db, flow_run_id=None, flow_name="test", code_version="t",
                       extractor_version=EXTRACTOR_VERSION, model_versions={}, parameters={})
    staging = Staging.for_run(db, run_id)
    files = discover(sources, Limits())
    if state is None:
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


def aggregates_exact(db: Path, tmp_path: Path) -> bool:
    """Every aggregate table equals its recomputation over every current article (on a copy:
    recomputing points views at the whole state)."""
    copy = tmp_path / "recompute.duckdb"
    shutil.copy(db, copy)
    with duckdb.connect(str(copy)) as con:
        over_every_article(con)
        return all(con.execute(f"SELECT * FROM {name} ORDER BY ALL").fetchall()
                   == con.execute(f"SELECT * FROM {name}_contribution ORDER BY ALL").fetchall()
                   for name in AGGREGATES)


def facts_follow_events(db: Path) -> bool:
    """The event fact rows kept by the load are those of the current events, no more, no less;
    and the kept clusters are those computed from the history, as of every run."""
    last = rows(db, "SELECT max(run_id) FROM runs")[0][0]
    return (rows(db, "SELECT event_id FROM event_facts_history WHERE valid_to IS NULL ORDER BY 1")
            == rows(db, "SELECT event_id FROM events ORDER BY 1")
            and all(rows(db, f"SELECT * FROM event_clusters_kept_as_of({n}) ORDER BY ALL")
                    == rows(db, f"SELECT * FROM event_clusters_as_of({n}) ORDER BY ALL")
                    for n in range(last + 1)))


def rewrite(path: Path, change) -> None:
    """Apply `change` to each record of a JSONL file (a dict -> None)."""
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    for record in records:
        change(record)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")


def test_a_metadata_only_edit_is_a_new_version_without_a_new_analysis(sources, tmp_path):
    db = tmp_path / "w.duckdb"
    lenta, ria = sources / "lenta" / "2025-10-01.jsonl", sources / "ria" / "2025-10-01.jsonl"
    run(db, sources / "lenta", sources / "ria")
    extractions = rows(db, "SELECT article_id, run_id FROM extractions ORDER BY ALL")
    events = rows(db, "SELECT event_id FROM events ORDER BY 1")

    def fix(record):
        if record["id"] == 1:
            record["title"] = "Боллоев возглавил «Олимпстрой»"
            record["url"] = "https://lenta.ru/news/2025/10/01/olympstroy/"
    rewrite(lenta, fix)
    second = run(db, sources / "lenta", sources / "ria")
    assert (second.articles["edited"], second.articles["unchanged"], second.articles["new"]) == (1, 5, 0)
    assert second.batches == []     # nothing to analyse: the text is the same
    (title, url, versions), = rows(db, """
        SELECT a.title, a.url, (SELECT count(*) FROM articles_history h WHERE h.article_id = a.article_id)
        FROM articles a WHERE a.source_id = '1' AND a.url LIKE '%lenta.ru%'""")
    assert (title, url, versions) == ("Боллоев возглавил «Олимпстрой»", "https://lenta.ru/news/2025/10/01/olympstroy/", 2)
    assert rows(db, "SELECT article_id, run_id FROM extractions ORDER BY ALL") == extractions
    assert rows(db, "SELECT event_id FROM events ORDER BY 1") == events
    # The earlier title is still there as of the first run.
    assert rows(db, "SELECT title FROM articles_as_of(1) WHERE url LIKE '%lenta.ru/news/2025/10/01/1/'")[0][0] != title

    # The real date of the RIA story ("ДТП, произошедшего 9 декабря"): its events are analysed
    # again, since "9 декабря" is read relative to the publication date.
    def redate(record):
        if record["id"] == 2:
            record["published_at"] = "2009-12-10T12:00:00+03:00"
    rewrite(ria, redate)
    ria_2 = "SELECT article_id FROM articles WHERE url LIKE '%ria.ru/news/2025/10/01/2/'"
    dated = f"""SELECT DISTINCT CAST(event_date AS VARCHAR) FROM events
                WHERE article_id IN ({ria_2}) AND event_date IS NOT NULL"""
    assert rows(db, dated) == [("2025-12-09",)]
    third = run(db, sources / "lenta", sources / "ria")
    assert third.articles["redated"] == 1 and len(third.batches) == 1   # analysed again
    assert rows(db, f"SELECT CAST(published_at AS VARCHAR) FROM articles WHERE article_id IN ({ria_2})") \
        == [("2009-12-10 09:00:00",)]
    assert rows(db, dated) == [("2009-12-09",)]
    assert rows(db, f"""SELECT DISTINCT CAST(reported_on AS VARCHAR) FROM event_facts
                        WHERE article_id IN ({ria_2})""") == [("2009-12-10",)]
    assert rows(db, "SELECT count(*) FROM articles") == [(6,)]
    # The aggregates follow the new publication day, as a recomputation has them.
    assert rows(db, "SELECT sum(mentions) FROM mention_days WHERE day = DATE '2009-12-10'") == rows(
        db, f"SELECT count(*) FROM mentions WHERE article_id IN ({ria_2})") != [(0,)]
    assert aggregates_exact(db, tmp_path)


def test_a_renamed_file_keeps_its_articles(sources, tmp_path):
    db = tmp_path / "w.duckdb"
    run(db, sources / "lenta", sources / "ria")
    before = rows(db, "SELECT article_id, source_id, text FROM articles ORDER BY ALL")
    extractions = rows(db, "SELECT article_id, run_id FROM extractions ORDER BY ALL")
    old = sources / "lenta" / "2025-10-01.jsonl"
    new = sources / "lenta" / "2025" / "10" / "01.jsonl"
    new.parent.mkdir(parents=True)
    os.rename(old, new)
    second = run(db, sources / "lenta", sources / "ria")
    assert (second.articles["renamed"], second.articles["new"], second.removed) == (3, 0, 0)
    assert rows(db, "SELECT article_id, source_id, text FROM articles ORDER BY ALL") == before
    assert {path for path, in rows(db, "SELECT DISTINCT source_path FROM articles WHERE url LIKE '%lenta.ru%'")} \
        == {str(new)}
    assert rows(db, "SELECT article_id, run_id FROM extractions ORDER BY ALL") == extractions
    assert rows(db, "SELECT count(*) FROM article_removals") == [(0,)]
    # Later edits of the renamed file reach the same articles.
    rewrite(new, lambda record: record.update(title=record["title"] + " (обновлено)"))
    third = run(db, sources / "lenta", sources / "ria")
    assert (third.articles["edited"], third.articles["new"]) == (3, 0)
    assert rows(db, "SELECT article_id FROM articles ORDER BY 1") == [(a,) for a, _, _ in before]


def test_a_deleted_file_is_flagged_kept_and_retired_only_on_request(sources, tmp_path):
    db = tmp_path / "w.duckdb"
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "note.txt").write_text(texts(sources / "ria").pop(), encoding="utf-8")
    run(db, sources / "lenta", sources / "ria")
    ria = sources / "ria" / "2025-10-01.jsonl"
    saved = ria.read_bytes()
    ria.unlink()
    # A run over another folder flags nothing: ria/ was not scanned.
    assert run(db, inbox).removed == 0
    held = rows(db, "SELECT count(*) FROM mentions")[0][0]
    second = run(db, sources / "lenta", sources / "ria")
    assert (second.removed, second.retired) == (3, 0)
    assert rows(db, """SELECT count(*), bool_and(NOT retired), bool_and(returned_in_run IS NULL)
                       FROM article_removals WHERE source_path = $p""", {"p": str(ria)}) == [(3, True, True)]
    assert rows(db, "SELECT count(*) FROM articles WHERE source_path = $p", {"p": str(ria)}) == [(3,)]   # kept
    assert run(db, sources / "lenta", sources / "ria").removed == 0   # flagged once
    fourth = run(db, sources / "lenta", sources / "ria", retire_missing=True)
    assert fourth.retired == 3
    assert rows(db, "SELECT count(*), bool_and(retired), min(run_id) FROM article_removals") == [(3, True, second.run_id)]
    assert rows(db, "SELECT count(*) FROM articles WHERE source_path = $p", {"p": str(ria)}) == [(0,)]
    assert rows(db, "SELECT count(*) FROM mentions m JOIN articles_as_of($n) a USING (article_id) "
                    "WHERE a.source_path = $p", {"n": fourth.run_id - 1, "p": str(ria)}) == [(0,)]
    assert rows(db, "SELECT count(*) FROM articles_as_of($n) WHERE source_path = $p",
                {"n": fourth.run_id - 1, "p": str(ria)}) == [(3,)]   # history keeps them
    assert aggregates_exact(db, tmp_path)
    assert facts_follow_events(db)
    assert rows(db, "SELECT count(*) FROM mentions")[0][0] < held
    # The export carries the removals log, so the retirement is visible outside the warehouse.
    manifest = export_warehouse(db, tmp_path / "export")
    assert manifest["tables"]["article_removals"]["rows"] == 3
    assert duckdb.execute("SELECT * FROM read_parquet($f) ORDER BY ALL",
                          {"f": str(tmp_path / "export" / "article_removals.parquet")}).fetchall() == \
        rows(db, "SELECT * FROM article_removals ORDER BY ALL")
    # The file comes back: read again, its articles current again under their ids.
    ria.write_bytes(saved)
    fifth = run(db, sources / "lenta", sources / "ria")
    assert fifth.articles["new"] == 3 and fifth.returned >= 3
    assert rows(db, "SELECT count(*) FROM mentions")[0][0] == held
    assert rows(db, "SELECT sum(mentions) FROM entity_stats") == [(held,)]
    assert aggregates_exact(db, tmp_path)
    assert facts_follow_events(db)
    assert rows(db, "SELECT count(*) FROM article_removals WHERE returned_in_run IS NULL") == [(0,)]


def test_an_upgraded_warehouse_keeps_its_ids_and_tells_the_sources_apart(sources, tmp_path, monkeypatch):
    db = tmp_path / "w.duckdb"
    lenta = sources / "lenta" / "2025-10-01.jsonl"
    with monkeypatch.context() as old_code:   # the code before migration 010: ids from the relative path
        code_before(old_code, 10)
        old_code.setattr(records_module, "make_article_id",
                         lambda source, relpath, key=None: records_module.legacy_article_id(relpath, key))
        run(db, sources / "lenta", state=WarehouseState({}, {}, {}))
    assert rows(db, "SELECT max(version) FROM schema_migrations") == [(9,)]
    ids = rows(db, "SELECT article_id, source_id FROM articles ORDER BY 2")
    assert ids[0][0] == records_module.legacy_article_id("2025-10-01.jsonl", "id:1")

    first = run(db, sources / "lenta")      # upgrades: nothing is new
    assert rows(db, "SELECT max(version) >= 10 FROM schema_migrations") == [(True,)]
    assert (first.articles["unchanged"], first.articles["new"], first.files["unchanged"]) == (3, 0, 1)

    def edit(record):
        if record["id"] == 1:
            record["text"] += " Об этом сообщает «Интерфакс»."
        if record["id"] == 2:
            record["title"] = "Новый заголовок"
    rewrite(lenta, edit)
    second = run(db, sources / "lenta")
    assert (second.articles["changed"], second.articles["edited"], second.articles["new"]) == (1, 1, 0)
    assert rows(db, "SELECT article_id, source_id FROM articles ORDER BY 2") == ids

    # The other source with the same relative name: three more articles, none replaced.
    third = run(db, sources / "ria")
    assert (third.articles["new"], third.articles["changed"]) == (3, 0)
    assert current_texts(db) == texts(sources)
    assert set(ids) <= set(rows(db, "SELECT article_id, source_id FROM articles"))

    # Renamed after the upgrade: the old ids still follow the texts.
    os.rename(lenta, lenta.with_name("2025-10-01-lenta.jsonl"))
    fourth = run(db, sources / "lenta", sources / "ria")
    assert (fourth.articles["renamed"], fourth.articles["new"]) == (3, 0)
    assert set(ids) <= set(rows(db, "SELECT article_id, source_id FROM articles"))
    assert rows(db, "SELECT count(*) FROM articles") == [(6,)]


def test_a_file_refused_for_another_sources_ids_is_read_again(sources, tmp_path):
    # Two folders of one name in one run are refused by `khronika run` (flows/steps/parameters.py);
    # below it, the second file's articles are quarantined and its file is not taken as read.
    other = tmp_path / "elsewhere" / "lenta"
    other.mkdir(parents=True)
    shutil.copy(sources / "ria" / "2025-10-01.jsonl", other / "2025-10-01.jsonl")
    db = tmp_path / "w.duckdb"
    first = run(db, sources / "lenta", other)
    assert (first.articles["new"], first.quarantined, first.files["quarantined"]) == (3, 3, 1)
    assert rows(db, "SELECT status, content_hash IS NULL FROM ingest_files WHERE path = $p",
                {"p": str(other / "2025-10-01.jsonl")}) == [("quarantined", True)]
    # The next run reads it again instead of listing it as unchanged.
    second = run(db, other)
    assert (second.files["loaded"], second.files["unchanged"]) == (1, 0)
