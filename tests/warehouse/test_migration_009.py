"""Migration 009 (event_facts_history) upgrades a warehouse the previous code wrote; the table
answers as event_facts_as_of does for every run, and the load keeps it so through edits, a
reprocess, a redirect and a rolled-back run."""
from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from tasks.reporting import library
from tasks.reporting.library import run_report
from tasks.warehouse import load as load_module
from tasks.warehouse.migrate import apply_migrations
from tests.fixture_warehouse import SEED_TEXT
from tests.warehouse.test_migration_008 import PUBLISHED, _history, _run
from tests.warehouse_checks import code_before

BEFORE_009 = Path(__file__).resolve().parents[1] / "data" / "reports_before_009"
REPORTS = {"event_timeline": [{}, {"entity": "Путин"}, {"dates": "text"}],
           "who_met_whom": [{}, {"type": "PER"}],
           "event_places": [{}],
           "entity_profile": [{}, {"top": "2"}],
           "articles_mentioning": [{}, {"limit": "2"}],
           # these join report_registry instead of entities_as_of; the network reads aggregates
           "top_entities": [{}, {"type": "PER"}],
           "co_mentions": [{}],
           "co_mention_network": [{}, {"type": "PER", "nodes": "3"}]}
CLUSTER_COLUMNS = "cluster_id, num_articles"


def _last_run(con) -> int:
    return con.execute("SELECT max(run_id) FROM runs").fetchone()[0]


def _report_answers(con, reports_dir: Path | None = None) -> dict:
    with pytest.MonkeyPatch.context() as patch:
        if reports_dir is not None:
            get_report = library.get_report
            patch.setattr(library, "get_report", lambda name: get_report(name, reports_dir))
        out = {}
        for n in range(_last_run(con) + 1):
            for name, variants in REPORTS.items():
                for params in variants:
                    frame = run_report(con, name, params, as_of_run=n if n else None)
                    out[name, repr(params), n] = (frame.columns, frame.rows())
        return out


def _matches_a_recomputation(con) -> int:
    """event_facts_unclustered_as_of(n) is event_facts_as_of(n) without the cluster columns, for
    every run n (failed ones included), and event_facts is event_facts_as_of of today; returns the
    rows compared."""
    compared = 0
    for n in range(_last_run(con) + 2):
        kept = con.execute("SELECT * FROM event_facts_unclustered_as_of(?) ORDER BY ALL", [n]).fetchall()
        computed = con.execute(f"SELECT * EXCLUDE ({CLUSTER_COLUMNS}) FROM event_facts_as_of(?) ORDER BY ALL",
                               [n]).fetchall()
        assert kept == computed, n
        compared += len(kept)
    # event_facts, the current state, reads the kept tables and their clusters (migration 016)
    current = con.execute("SELECT * FROM event_facts ORDER BY ALL").fetchall()
    assert current == con.execute("SELECT * FROM event_facts_as_of(9223372036854775807) ORDER BY ALL").fetchall()
    return compared


@pytest.fixture(scope="module")
def upgraded(tmp_path_factory, models):
    db = tmp_path_factory.mktemp("m009") / "w.duckdb"
    with pytest.MonkeyPatch.context() as old_code:
        code_before(old_code, 9)
        _history(db, models)
    with duckdb.connect(str(db), read_only=True) as con:
        before = _report_answers(con, BEFORE_009)
    with duckdb.connect(str(db)) as con:
        assert 9 not in {v for (v,) in con.execute("SELECT version FROM schema_migrations").fetchall()}
        assert apply_migrations(con)[0] == "009_event_facts_history"  # later ones are theirs to test
    return db, before


def test_009_fills_the_table_so_every_as_of_and_report_answers_as_before(upgraded):
    db, before = upgraded
    with duckdb.connect(str(db), read_only=True) as con:
        assert _matches_a_recomputation(con) > 0
        after = _report_answers(con)
        # the history holds replaced versions: the edit, the reprocess, the redirect
        assert con.execute("SELECT count(*) FROM event_facts_history WHERE valid_to IS NOT NULL").fetchone()[0] > 0
    assert after.keys() == before.keys()
    different = [key for key in before if before[key] != after[key]]
    assert different == [], [(k, before[k], after[k]) for k in different[:2]]
    assert any(rows for _, rows in after.values())


def test_the_load_keeps_it_exact_through_edits_reprocess_redirect_and_a_rolled_back_run(
        upgraded, models, tmp_path, monkeypatch):
    fresh = tmp_path / "fresh.duckdb"
    with pytest.MonkeyPatch.context() as before_017:
        # written by today's code from the start, run after run, but for the nominatives extractor
        # 2025.12.23 gives the old warehouse's parties only when they are re-extracted
        code_before(before_017, 17)
        _history(fresh, models)
    with duckdb.connect(str(fresh)) as con:
        assert dict(con.execute("SELECT reason, max(run_id) FROM entity_redirects GROUP BY ALL").fetchall()) \
            == {"spelling": 5}
        assert _matches_a_recomputation(con) > 0
        kept = con.execute("SELECT * FROM event_facts_history ORDER BY ALL").fetchall()
    # The upgraded warehouse and the one kept by the load answer alike.
    db, _ = upgraded
    with duckdb.connect(str(db), read_only=True) as old, duckdb.connect(str(fresh), read_only=True) as new:
        assert _report_answers(old) == _report_answers(new)
    # A run whose audits fail rolls back: the table is as it was.
    monkeypatch.setattr(load_module, "run_audits", lambda con, run_id: {"forced": [("x",)]})
    with pytest.raises(load_module.AuditFailed):
        _run(fresh, models, [{"article_id": "banks", "text": SEED_TEXT, "published_at": PUBLISHED}])
    with duckdb.connect(str(fresh)) as con:
        assert con.execute("SELECT * FROM event_facts_history ORDER BY ALL").fetchall() == kept
        _matches_a_recomputation(con)


def _run_diff_before_009(con, params: dict, as_of_run: int | None = None):
    """run_diff as it was before 009: the comparison of the two whole states."""
    with pytest.MonkeyPatch.context() as patch:
        get_report = library.get_report
        patch.setattr(library, "get_report", lambda name: get_report(name, BEFORE_009))
        return run_report(con, "run_diff", params, as_of_run=as_of_run)


def _listing_is_the_first_rows_of_each_kind(every, listed, limit: int) -> None:
    """run_diff with a limit lists the first `limit` rows of each kind and change of the whole
    diff, in its order, and each row's total counts that kind and change in the whole diff."""
    groups: dict[tuple, list] = {}
    for row in every.rows(named=True):
        groups.setdefault((row["kind"], row["change"]), []).append(row)
    expected = [row for rows in groups.values() for row in rows[:limit]]
    assert listed.rows(named=True) == [r | {"total": len(groups[(r["kind"], r["change"])])}
                                       for r in expected]


def test_run_diff_from_the_ranges_answers_as_the_full_comparison(upgraded):
    """run_diff reads only the rows whose range opened or closed between the two runs (or whose
    entity a redirect moved): for every pair of runs, either way, it answers as the comparison
    of the two whole states did."""
    db, _ = upgraded
    with duckdb.connect(str(db), read_only=True) as con:
        last = _last_run(con)
        changes = 0
        for a in range(last + 2):
            for b in range(last + 2):
                params = {"from_run": str(a), "to_run": str(b)}
                whole = _run_diff_before_009(con, params)
                ranges = run_report(con, "run_diff", params | {"limit": "none"})
                assert ranges.drop("total").rows() == whole.rows(), (a, b)
                _listing_is_the_first_rows_of_each_kind(ranges, run_report(con, "run_diff", params | {"limit": "2"}), 2)
                changes += ranges.height
        # the defaults (the last two committed runs), as of each run
        for n in range(1, last + 1):
            whole = _run_diff_before_009(con, {}, as_of_run=n)
            every = run_report(con, "run_diff", {"limit": "none"}, as_of_run=n)
            assert every.drop("total").rows() == whole.rows(), n
            _listing_is_the_first_rows_of_each_kind(every, run_report(con, "run_diff", as_of_run=n), 20)
    kinds = {row[0] for row in whole.select("kind").rows()} if whole.height else set()
    assert changes > 0 and kinds


def test_a_redirect_rewrites_the_rows_of_earlier_articles_naming_the_entity(models, tmp_path):
    """A later run that merges a surname into a full name changes the events of articles it
    never touched: their rows are rewritten in that run, and older states keep the old name."""
    db = tmp_path / "w.duckdb"
    first = _run(db, models, [{"article_id": "talks", "published_at": PUBLISHED,
                               "text": "Лукашенко провел переговоры с Шойгу в Минске."}])
    second = _run(db, models, [{"article_id": "speech", "published_at": PUBLISHED,
                                "text": "Президент Белоруссии Александр Лукашенко выступил в Минске."}])
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM entity_redirects WHERE run_id = ?", [second]).fetchone()[0] >= 1
        sql = ("SELECT [p.name FOR p IN participants] FROM event_facts_unclustered_as_of(?)"
               " WHERE article_id = 'talks' AND type = 'talks'")
        assert "Лукашенко" in con.execute(sql, [first]).fetchone()[0]
        assert "Александр Лукашенко" in con.execute(sql, [second]).fetchone()[0]
        assert con.execute("SELECT count(*) FROM event_facts_history WHERE article_id = 'talks'"
                           " AND valid_from = ?", [second]).fetchone()[0] >= 1
        _matches_a_recomputation(con)
