"""Migration 015 (two names of one phrase are no pair) upgrades a warehouse the previous code wrote:
the pairs whose names stand next to each other ("пленума ЦК КПРФ") go, as of every run; every other
pair and every event view answer as before; and the pairs are those of a warehouse today's code
wrote from the start."""
from __future__ import annotations

import duckdb
import pytest

from tasks.nlp.events import extract
from tasks.warehouse.migrate import apply_migrations
from tests.warehouse.test_migration_008 import DATA, PUBLISHED, _history, _rows, _run
from tests.warehouse_checks import code_before

VIEWS = ["events", "event_arguments", "event_facts", "event_facts_unclustered"]


def _history_with_one_phrase(db, models) -> None:
    """migration 008's history, then a Lenta article whose meeting names "ЦК КПРФ". Since extractor
    2025.12.17 the two names are one argument and its affiliation (phrases.one_per_phrase), so the
    article is read as before it, with two parties: the pairs are the migration's to mend."""
    _history(db, models)
    text = (DATA / "lenta_0591_kprf_plenum.txt").read_text(encoding="utf-8")
    with pytest.MonkeyPatch.context() as extractor_before:
        extractor_before.setattr(extract, "one_per_phrase", lambda tree, arguments, text, people: arguments)
        _run(db, models, [{"article_id": "kprf", "text": text, "published_at": PUBLISHED}])


def _last_run(con) -> int:
    return con.execute("SELECT max(run_id) FROM runs").fetchone()[0]


def _pairs(con) -> dict[int, set[tuple]]:
    """Every run -> its pairs (event_id, name_a, name_b)."""
    return {n: set(con.execute("SELECT event_id, name_a, name_b FROM event_pairs_as_of(?)", [n]).fetchall())
            for n in range(_last_run(con) + 1)}


def _views(con) -> dict:
    return {(view, n): _rows(con, f"SELECT * FROM {view}_as_of(?)", [n])
            for view in VIEWS for n in range(_last_run(con) + 1)}


@pytest.fixture(scope="module")
def upgraded(tmp_path_factory, models):
    db = tmp_path_factory.mktemp("m015") / "w.duckdb"
    with pytest.MonkeyPatch.context() as old_code:
        code_before(old_code, 15)
        _history_with_one_phrase(db, models)
    with duckdb.connect(str(db), read_only=True) as con:
        before = _pairs(con), _views(con)
    with duckdb.connect(str(db)) as con:
        assert apply_migrations(con, through=15) == ["015_one_phrase_pairs"]   # 016 changes event_facts
    return db, before


def test_015_removes_the_pairs_of_one_phrase_and_nothing_else(upgraded):
    db, (pairs_before, views_before) = upgraded
    one_phrase = {("КПРФ", "ЦК")}
    last = max(pairs_before)
    assert one_phrase <= {(a, b) for _, a, b in pairs_before[last]}     # the old code paired them
    with duckdb.connect(str(db), read_only=True) as con:
        pairs_after = _pairs(con)
        assert _views(con) == views_before
    for n, before in pairs_before.items():
        assert pairs_after[n] == {p for p in before if p[1:] not in one_phrase}, n
    assert sum(map(len, pairs_after.values())) > 0                      # the other pairs stand


def test_the_upgraded_pairs_are_those_todays_code_writes(upgraded, models, tmp_path):
    db, _ = upgraded
    fresh = tmp_path / "fresh.duckdb"
    _history_with_one_phrase(fresh, models)
    with duckdb.connect(str(db), read_only=True) as old, duckdb.connect(str(fresh), read_only=True) as new:
        assert _pairs(old) == _pairs(new)
