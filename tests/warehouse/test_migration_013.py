"""Migration 013 (how sure an event and an argument are) upgrades a warehouse the previous code
wrote: the events and arguments it held keep every other column as they were, with no confidence
until re-extracted; a reprocess then gives them the confidence today's code writes from the start."""
from __future__ import annotations

import duckdb
import pytest

from tasks.warehouse.migrate import apply_migrations
from tests.warehouse.test_migration_008 import _history, _reprocess, _rows
from tests.warehouse.test_migration_009 import _matches_a_recomputation
from tests.warehouse_checks import code_before

VIEWS = ["events", "event_arguments", "event_facts", "event_facts_unclustered"]


def _snapshot(con) -> dict:
    """Every event view as of every run, the confidence column left out."""
    last = con.execute("SELECT max(run_id) FROM runs").fetchone()[0]
    return {(view, n): _rows(con, f"SELECT * FROM {view}_as_of(?)", [n])
            for view in VIEWS for n in range(last + 1)}


def _confidences(con) -> dict[str, float | None]:
    return dict(con.execute("SELECT event_id, confidence FROM events").fetchall())


def _argument_confidences(con) -> list[tuple]:
    return con.execute("SELECT event_id, role, start, confidence FROM event_arguments ORDER BY ALL").fetchall()


def _has_confidence(con, table: str) -> bool:
    return con.execute("SELECT count(*) FROM duckdb_columns() WHERE table_name = ? AND column_name = 'confidence'",
                       [table]).fetchone()[0] == 1


@pytest.fixture(scope="module")
def upgraded(tmp_path_factory, models):
    db = tmp_path_factory.mktemp("m013") / "w.duckdb"
    with pytest.MonkeyPatch.context() as old_code:
        code_before(old_code, 13)
        _history(db, models)
    with duckdb.connect(str(db), read_only=True) as con:
        assert not _has_confidence(con, "events_history")
        before = _snapshot(con)
    with duckdb.connect(str(db)) as con:
        assert apply_migrations(con)[0] == "013_event_confidence"   # later ones are theirs to test
    return db, before


def test_013_adds_an_empty_confidence_and_every_other_column_answers_as_before(upgraded):
    db, before = upgraded
    with duckdb.connect(str(db), read_only=True) as con:
        for table in ["events_history", "event_arguments_history", "event_facts_history", "events",
                      "event_arguments", "event_facts"]:
            assert _has_confidence(con, table), table
            assert con.execute(f"SELECT count(*), count(confidence) FROM {table}").fetchone() \
                == (con.execute(f"SELECT count(*) FROM {table}").fetchone()[0], 0), table
        assert con.execute("SELECT count(*) FROM events").fetchone()[0] > 0
        assert _snapshot(con) == before
        assert _matches_a_recomputation(con) > 0   # event_facts_history is event_facts without clusters


def test_a_reprocess_gives_the_upgraded_events_the_confidence_a_fresh_warehouse_has(upgraded, models, tmp_path):
    db, _ = upgraded
    _reprocess(db, models, "after-013")
    fresh = tmp_path / "fresh.duckdb"
    _history(fresh, models)   # written by today's code from the start
    with duckdb.connect(str(db), read_only=True) as old, duckdb.connect(str(fresh), read_only=True) as new:
        upgraded_confidence, fresh_confidence = _confidences(old), _confidences(new)
        assert upgraded_confidence == fresh_confidence
        arguments = _argument_confidences(old)
        assert arguments == _argument_confidences(new)
        assert sum(c is not None for *_, c in arguments) > len(arguments) / 2
        types = dict(old.execute("SELECT event_id, type FROM events").fetchall())
        scored = {e: c for e, c in upgraded_confidence.items() if types[e] != "statement"}
        assert scored and all(0.0 <= c <= 1.0 for c in scored.values())
        assert all(c is None for e, c in upgraded_confidence.items() if types[e] == "statement")
        # event_facts and the table the reports read carry the same value.
        assert dict(old.execute("SELECT event_id, confidence FROM event_facts").fetchall()) == upgraded_confidence
        assert dict(old.execute("SELECT event_id, confidence FROM event_facts_unclustered_as_of(?)",
                                [9223372036854775807]).fetchall()) == upgraded_confidence
        pairs = old.execute("SELECT DISTINCT event_id, confidence FROM event_pairs_as_of(?)",
                            [9223372036854775807]).fetchall()
        assert pairs and all(upgraded_confidence[e] == c for e, c in pairs)
        assert _matches_a_recomputation(old) > 0
