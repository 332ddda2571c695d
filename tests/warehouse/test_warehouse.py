import duckdb
import polars as pl
import pytest

from tasks.quality.validate import to_frame
from tasks.warehouse.connect import WarehouseBusy, connect
from tasks.warehouse.load import AuditFailed, load_run
from tasks.warehouse.lock import writer_lock
from tasks.warehouse.migrate import apply_migrations
from tasks.warehouse.runs import begin_run
from tasks.warehouse.staging import Staging


def test_migrations_are_recorded_and_idempotent(tmp_path):
    con = connect(tmp_path / "w.duckdb")
    first = apply_migrations(con)
    assert first and first[0].startswith("001_")
    assert apply_migrations(con) == []
    assert con.execute("SELECT count(*) FROM schema_migrations").fetchone()[0] == len(first)


def test_second_writer_fails_fast_with_a_clear_message(tmp_path):
    db = tmp_path / "w.duckdb"
    with writer_lock(db):
        with pytest.raises(WarehouseBusy, match="another Khronika run is writing"):
            with writer_lock(db, wait_seconds=0.6):
                pass
    with writer_lock(db):   # released again
        pass


def _begin(db):
    return begin_run(db, flow_run_id=None, flow_name="test", code_version="t",
                               extractor_version="t", model_versions={}, parameters={})


def test_audit_failure_rolls_back_the_whole_run(tmp_path):
    db = tmp_path / "w.duckdb"
    run_id = _begin(db)
    staging = Staging(tmp_path / "stage")
    text = "Путин прибыл в Минск."
    staging.write("articles_history", to_frame("articles", [{
        "article_id": "a1", "source_path": "/in/a.txt", "text": text, "content_hash": "0" * 64}]), "b1")
    # A mention whose text is not its slice of the article: the audit must catch it.
    staging.write("mentions_history", to_frame("mentions", [{
        "mention_id": "m1", "article_id": "a1", "start": 0, "stop": 5, "type": "PER", "text": "Алиев",
        "entity_id": "e1", "sentence_index": 0}]), "b1")
    staging.write("entities_history", to_frame("entities", [{"entity_id": "e1", "type": "PER", "name": "Алиев"}]), "b1")
    staging.write("extractions", pl.DataFrame({"article_id": ["a1"], "content_hash": ["0" * 64],
                                               "extractor_version": ["t"]}), "b1")
    with pytest.raises(AuditFailed, match="mention_text_matches_article"):
        load_run(db, run_id, staging.tables(), {}, [])
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM articles_history").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM mentions_history").fetchone()[0] == 0
    assert con.execute("SELECT status FROM runs WHERE run_id = ?", [run_id]).fetchone()[0] == "running"
    con.close()
    # The next run finds the stale row and marks it failed.
    _begin(db)
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT status FROM runs WHERE run_id = ?", [run_id]).fetchone()[0] == "failed"
