"""Migration 017 (a phrase's nominative for a party or place no entity names) upgrades a warehouse
the previous code wrote: its arguments keep every other column, and event_facts every name, as
they were (a row with no nominative is named by its text); a reprocess then names them as today's
code does from the start ("Мохаммед Мера застрелил ... военнослужащих": actor2 "военнослужащие")."""
from __future__ import annotations

import duckdb
import pytest

from tasks.warehouse.migrate import apply_migrations
from tests.warehouse.test_migration_008 import DATA, PUBLISHED, _history, _reprocess, _run
from tests.warehouse.test_migration_014 import _snapshot  # every event view as of every run, later columns left out
from tests.warehouse_checks import code_before, has_column

SHOOTER = "SELECT actor1_name, actor2_name FROM event_facts WHERE trigger_text = 'застрелил'"


def _history_with_a_nominal_party(db, models) -> None:
    """migration 008's history, then a Lenta article whose shooter killed "трех военнослужащих"."""
    _history(db, models)
    text = (DATA / "lenta_0976_toulouse_shooter.txt").read_text(encoding="utf-8")
    _run(db, models, [{"article_id": "toulouse", "text": text, "published_at": PUBLISHED}])


def _has_nominative(con) -> bool:
    return has_column(con, "event_arguments_history", "nominative")


def _facts(con) -> list[tuple]:
    return con.execute("SELECT event_id, actor1_name, actor2_name, participants, place_name FROM event_facts "
                       "ORDER BY ALL").fetchall()


@pytest.fixture(scope="module")
def upgraded(tmp_path_factory, models):
    db = tmp_path_factory.mktemp("m017") / "w.duckdb"
    with pytest.MonkeyPatch.context() as old_code:
        code_before(old_code, 17)
        _history_with_a_nominal_party(db, models)
    with duckdb.connect(str(db), read_only=True) as con:
        assert not _has_nominative(con)
        before = _snapshot(con), con.execute(SHOOTER).fetchall()
    with duckdb.connect(str(db)) as con:
        assert apply_migrations(con)[0] == "017_argument_nominatives"   # later ones are theirs to test
    return db, before


def test_017_adds_an_empty_nominative_and_every_name_reads_as_before(upgraded):
    db, (snapshot, shooter) = upgraded
    with duckdb.connect(str(db), read_only=True) as con:
        assert _has_nominative(con)
        for table in ["event_arguments_history", "event_arguments"]:
            total, named = con.execute(f"SELECT count(*), count(nominative) FROM {table}").fetchone()
            assert total > 0 and named == 0, table
        assert _snapshot(con) == snapshot
        assert con.execute(SHOOTER).fetchall() == shooter == [("Мохаммед Мера", "военнослужащих")]
        comment = con.execute("SELECT comment FROM duckdb_columns() WHERE table_name = 'event_arguments' "
                              "AND column_name = 'nominative'").fetchone()[0]
        assert comment and "военнослужащие" in comment


def test_a_reprocess_names_the_upgraded_parties_as_a_fresh_warehouse_does(upgraded, models, tmp_path):
    db, _ = upgraded
    _reprocess(db, models, "after-017")
    fresh = tmp_path / "fresh.duckdb"
    _history_with_a_nominal_party(fresh, models)   # written by today's code from the start
    with duckdb.connect(str(db), read_only=True) as old, duckdb.connect(str(fresh), read_only=True) as new:
        assert old.execute(SHOOTER).fetchall() == [("Мохаммед Мера", "военнослужащие")]
        assert _facts(old) == _facts(new)
        # the words of the article stay the evidence; a named party has no nominative of its own
        assert old.execute("SELECT text, nominative FROM event_arguments WHERE text = 'военнослужащих'"
                           ).fetchall() == [("военнослужащих", "военнослужащие")]
        linked, named = old.execute("SELECT count(*), count(nominative) FROM event_arguments "
                                    "WHERE entity_id IS NOT NULL").fetchone()
        assert linked > 0 and named == 0
