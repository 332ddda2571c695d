"""Migration 014 (each party's side) upgrades a warehouse the previous code wrote: the arguments it
held keep every other column and every pair as they were, with no side until re-extracted; a
reprocess then gives them the sides, and the pairs, today's code writes from the start."""
from __future__ import annotations

import duckdb
import pytest

from tasks.warehouse.migrate import apply_migrations
from tests.warehouse.test_migration_008 import DATA, PUBLISHED, _history, _reprocess, _rows, _run
from tests.warehouse_checks import code_before, has_column

VIEWS = ["events", "event_arguments", "event_facts", "event_facts_unclustered", "event_pairs"]


def _snapshot(con) -> dict:
    """Every event view as of every run, the side column left out (_rows)."""
    last = con.execute("SELECT max(run_id) FROM runs").fetchone()[0]
    return {(view, n): _rows(con, f"SELECT * FROM {view}_as_of(?)", [n])
            for view in VIEWS for n in range(last + 1)}


def _history_with_sides(db, models) -> None:
    """migration 008's history, then a Lenta article whose talks have sides ("переговоры о
    совместной деятельности с «ЛУКОЙЛом» также вели ... ExxonMobil и Chevron-Texaco")."""
    _history(db, models)
    text = (DATA / "lenta_0805_lukoil_partners.txt").read_text(encoding="utf-8")
    _run(db, models, [{"article_id": "lukoil", "text": text, "published_at": PUBLISHED}])


def _has_side(con) -> bool:
    return has_column(con, "event_arguments_history", "side")


def _sides(con) -> list[tuple]:
    return con.execute("SELECT event_id, role, start, side FROM event_arguments ORDER BY ALL").fetchall()


def _pairs(con) -> list[tuple]:
    return con.execute("SELECT event_id, entity_a, entity_b FROM event_pairs_as_of(9223372036854775807) "
                       "ORDER BY ALL").fetchall()


@pytest.fixture(scope="module")
def upgraded(tmp_path_factory, models):
    db = tmp_path_factory.mktemp("m014") / "w.duckdb"
    with pytest.MonkeyPatch.context() as old_code:
        code_before(old_code, 14)
        _history_with_sides(db, models)
    with duckdb.connect(str(db), read_only=True) as con:
        assert not _has_side(con)
        before = _snapshot(con)
    with duckdb.connect(str(db)) as con:
        assert apply_migrations(con)[0] == "014_argument_sides"   # later ones are theirs to test
    return db, before


def test_014_adds_an_empty_side_and_every_other_column_answers_as_before(upgraded):
    db, before = upgraded
    with duckdb.connect(str(db), read_only=True) as con:
        assert _has_side(con)
        for table in ["event_arguments_history", "event_arguments"]:
            total, with_side = con.execute(f"SELECT count(*), count(side) FROM {table}").fetchone()
            assert total > 0 and with_side == 0, table
        assert _snapshot(con) == before
        comment = con.execute("SELECT comment FROM duckdb_columns() WHERE table_name = 'event_arguments' "
                              "AND column_name = 'side'").fetchone()[0]
        assert comment and "counterpart" in comment


def test_a_reprocess_gives_the_upgraded_arguments_the_sides_a_fresh_warehouse_has(upgraded, models, tmp_path):
    db, _ = upgraded
    _reprocess(db, models, "after-014")
    fresh = tmp_path / "fresh.duckdb"
    _history_with_sides(fresh, models)   # written by today's code from the start
    with duckdb.connect(str(db), read_only=True) as old, duckdb.connect(str(fresh), read_only=True) as new:
        sides = _sides(old)
        assert sides == _sides(new)
        assert {side for *_, side in sides} == {None, "subject", "counterpart"}
        assert _pairs(old) == _pairs(new)
        # the companies talked with ЛУКОЙЛ, not with each other
        names = dict(old.execute("SELECT text, side FROM event_arguments WHERE side IS NOT NULL").fetchall())
        assert names.get("ExxonMobil") == "subject" and names.get("ЛУКОЙЛом") == "counterpart", names
        talks = old.execute("SELECT event_id FROM event_arguments WHERE text = 'ЛУКОЙЛом' AND side = 'counterpart'"
                            ).fetchone()[0]
        pairs = old.execute("SELECT name_a, name_b FROM event_pairs_as_of(9223372036854775807) WHERE event_id = ? "
                            "ORDER BY ALL", [talks]).fetchall()
        assert pairs == [("Chevron-Texaco", "ЛУКОЙЛ"), ("ExxonMobil", "ЛУКОЙЛ")], pairs
