"""Migration 012 (event_clusters_history, event_pairs_history) upgrades a warehouse the previous
code wrote; the tables answer as event_clusters_as_of and who_met_whom's pairs did for every run,
and the load keeps them so through edits, a reprocess, a redirect and a rolled-back run."""
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

BEFORE_012 = Path(__file__).resolve().parents[1] / "data" / "reports_before_012"
# The reports 012 changed, with parameters; tests/data/reports_before_012 has them as they were.
REPORTS = {"event_clusters": [{}, {"entity": "Путин"}, {"min_articles": "2"}, {"type": "meeting"},
                              {"date_from": "2025-01-01"}, {"limit": "1"}],
           "who_met_whom": [{}, {"type": "PER"}, {"entity": "Путин"}, {"dates": "text"},
                            {"types": "meeting, statement,court_ruling"}, {"date_to": "2025-10-08"},
                            {"limit": "1"}],
           "event_timeline": [{}, {"entity": "Путин"}, {"dates": "text"}, {"type": "meeting"},
                              {"limit": "3"}, {"date_from": "2025-10-01", "limit": "2"}]}


def _last_run(con) -> int:
    return con.execute("SELECT max(run_id) FROM runs").fetchone()[0]


# who_met_whom's pairs as it formed them before 012: the entity-linked participants of each
# event as of run n, paired in (name, entity_id) order (with the event's confidence, 013).
PAIRS = """
WITH people AS (
    SELECT DISTINCT event_id, p.entity_id AS entity_id, p.name AS name, p.type AS entity_type
    FROM (SELECT event_id, unnest(participants) AS p FROM event_facts_unclustered_as_of($n))
    WHERE p.role = 'participant' AND p.entity_id IS NOT NULL
)
SELECT f.event_id, f.type, f.article_id, f.place_name, f.event_date, f.event_day, f.date_source,
       x.entity_id, x.name, x.entity_type, y.entity_id, y.name, y.entity_type, f.confidence
FROM people x
JOIN people y ON x.event_id = y.event_id AND (x.name, x.entity_id) < (y.name, y.entity_id)
JOIN event_facts_unclustered_as_of($n) f ON f.event_id = x.event_id
ORDER BY ALL
"""


def _matches_a_recomputation(con) -> int:
    """event_clusters_kept_as_of(n) is event_clusters_as_of(n), and event_pairs_as_of(n) the
    pairs of event_facts_unclustered_as_of(n), for every run n (failed ones included); returns
    the rows compared."""
    compared = 0
    for n in range(_last_run(con) + 2):
        kept = con.execute("SELECT * FROM event_clusters_kept_as_of(?) ORDER BY ALL", [n]).fetchall()
        computed = con.execute("SELECT * FROM event_clusters_as_of(?) ORDER BY ALL", [n]).fetchall()
        assert kept == computed, n
        pairs = con.execute("SELECT * FROM event_pairs_as_of(?) ORDER BY ALL", [n]).fetchall()
        assert pairs == con.execute(PAIRS, {"n": n}).fetchall(), n
        compared += len(kept) + len(pairs)
    return compared


def _answers(con, reports_dir: Path | None = None) -> dict:
    """The reports 012 changed, with several parameters, as of every run."""
    with pytest.MonkeyPatch.context() as patch:
        if reports_dir is not None:
            get_report = library.get_report
            patch.setattr(library, "get_report", lambda name: get_report(name, reports_dir))
        out = {}
        for n in range(_last_run(con) + 1):
            for name, variants in REPORTS.items():
                for params in variants:
                    try:
                        frame = run_report(con, name, params, as_of_run=n if n else None)
                    except library.ReportError as error:   # no such entity yet
                        out[name, repr(params), n] = str(error)
                        continue
                    out[name, repr(params), n] = (frame.columns, frame.rows())
        return out


@pytest.fixture(scope="module")
def upgraded(tmp_path_factory, models):
    db = tmp_path_factory.mktemp("m012") / "w.duckdb"
    with pytest.MonkeyPatch.context() as old_code:
        code_before(old_code, 12)
        _history(db, models)
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = "
                           "'event_clusters_history'").fetchone()[0] == 0
        before = _answers(con, BEFORE_012)
    with duckdb.connect(str(db)) as con:
        assert "012_event_clusters_history" in apply_migrations(con)
    return db, before


def test_012_fills_the_table_so_every_as_of_and_the_report_answer_as_before(upgraded):
    db, before = upgraded
    with duckdb.connect(str(db), read_only=True) as con:
        assert _matches_a_recomputation(con) > 0
        after = _answers(con)
    assert after.keys() == before.keys()
    different = [key for key in before if before[key] != after[key]]
    assert different == [], [(k, before[k], after[k]) for k in different[:2]]
    assert any(isinstance(v, tuple) and v[1] for v in after.values())


def test_the_load_keeps_it_exact_through_edits_reprocess_redirect_and_a_rolled_back_run(
        upgraded, models, tmp_path, monkeypatch):
    fresh = tmp_path / "fresh.duckdb"
    with pytest.MonkeyPatch.context() as before_017:
        # written by today's code from the start, run after run, but for the nominatives extractor
        # 2025.12.23 gives the old warehouse's parties only when they are re-extracted
        code_before(before_017, 17)
        _history(fresh, models)
    with duckdb.connect(str(fresh)) as con:
        assert _matches_a_recomputation(con) > 0
        kept = con.execute("SELECT * FROM event_clusters_history ORDER BY ALL").fetchall()
    # The upgraded warehouse and the one kept by the load answer alike, row for row.
    db, _ = upgraded
    with duckdb.connect(str(db), read_only=True) as old, duckdb.connect(str(fresh), read_only=True) as new:
        assert _answers(old) == _answers(new)
        assert old.execute("SELECT * FROM event_clusters_history ORDER BY ALL").fetchall() == kept
        # (the events' confidence, which the code before 013 did not write, is 013's to test)
        pairs = "SELECT * EXCLUDE (confidence) FROM event_pairs_history ORDER BY ALL"
        assert old.execute(pairs).fetchall() == new.execute(pairs).fetchall()
    # A run whose audits fail rolls back: the table is as it was.
    monkeypatch.setattr(load_module, "run_audits", lambda con, run_id: {"forced": [("x",)]})
    with pytest.raises(load_module.AuditFailed):
        _run(fresh, models, [{"article_id": "banks", "text": SEED_TEXT, "published_at": PUBLISHED}])
    with duckdb.connect(str(fresh)) as con:
        assert con.execute("SELECT * FROM event_clusters_history ORDER BY ALL").fetchall() == kept
        _matches_a_recomputation(con)
    # Another article reporting the Dushanbe meeting: its cluster gets a new row from that run,
    # the old one ends there, and the clusters of other dates keep theirs.
    monkeypatch.undo()
    run_id = _run(fresh, models, [{"article_id": "dushanbe", "text": SEED_TEXT.split("\n")[0],
                                   "published_at": PUBLISHED}])
    with duckdb.connect(str(fresh)) as con:
        assert _matches_a_recomputation(con) > 0
        replaced = con.execute(
            "SELECT o.num_mentions, n.num_mentions FROM event_clusters_history o "
            "JOIN event_clusters_history n ON n.valid_from = o.valid_to AND n.event_date = o.event_date "
            "AND n.type = o.type WHERE o.valid_to = ?", [run_id]).fetchall()
        assert replaced and all(after > before for before, after in replaced)
        assert con.execute("SELECT count(*) FROM event_clusters_history WHERE valid_to IS NULL "
                           "AND valid_from < ?", [run_id]).fetchone()[0] > 0
