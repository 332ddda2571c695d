"""Migration 011 (the entity and mention aggregates with validity ranges) upgrades a warehouse
the previous code wrote: every NAME_as_of(n) equals its recomputation from the history for every
run, the reports answer as before, and the load keeps the tables so through edits, a reprocess,
a redirect and a rolled-back run."""
from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from tasks.reporting import library
from tasks.reporting.library import run_report
from tasks.warehouse import load as load_module
from tasks.warehouse.aggregates import HISTORY
from tasks.warehouse.migrate import apply_migrations
from tests.fixture_warehouse import SEED_TEXT
from tests.warehouse.test_migration_008 import PUBLISHED, _history, _run
from tests.warehouse_checks import code_before

BEFORE_011 = Path(__file__).resolve().parents[1] / "data" / "reports_before_011"
REPORTS = {"top_entities": [{}, {"type": "PER"}, {"date_from": "2025-10-20"}],
           "co_mentions": [{}, {"entity": "Путин"}, {"type": "PER", "min_articles": "1"}],
           "co_mention_network": [{}, {"type": "PER", "nodes": "3"}],
           "entity_profile": [{}, {"entity": "Минск", "top": "2"}],
           "articles_mentioning": [{}, {"limit": "2"}, {"entity": "Путин"}],
           "mentions_by_run": [{}],
           "mentions_over_time": [{}, {"entity": "Путин"}, {"by": "month", "type": "PER"}],
           "warehouse_summary": [{}],
           "dq_summary": [{}],
           "run_history": [{}]}

# Each aggregate recomputed from the history as of run n (written out here, not the load's
# queries): what NAME_as_of(n) must hold.
RECOMPUTED = {
    "entity_stats": """SELECT entity_id, count(*), count(DISTINCT article_id)
                       FROM mentions_as_of($n) GROUP BY ALL""",
    "entity_forms": "SELECT entity_id, text, count(*) FROM mentions_as_of($n) GROUP BY ALL",
    "entity_days": """SELECT m.entity_id, m.type, CAST(a.published_at AS DATE), count(*),
                             count(DISTINCT m.article_id)
                      FROM mentions_as_of($n) m JOIN articles_as_of($n) a USING (article_id)
                      GROUP BY ALL""",
    "mention_days": """SELECT CAST(a.published_at AS DATE), m.type, count(*), count(DISTINCT m.article_id)
                       FROM mentions_as_of($n) m JOIN articles_as_of($n) a USING (article_id)
                       GROUP BY ALL""",
    "co_mention_pairs": """WITH m AS (SELECT DISTINCT article_id, sentence_index, entity_id
                                      FROM mentions_as_of($n))
                           SELECT x.entity_id, y.entity_id, count(DISTINCT x.article_id),
                                  count(DISTINCT x.article_id || '/' || x.sentence_index)
                                      FILTER (WHERE x.sentence_index = y.sentence_index)
                           FROM m x JOIN m y ON x.article_id = y.article_id AND x.entity_id < y.entity_id
                           GROUP BY ALL""",
}


def _last_run(con) -> int:
    return con.execute("SELECT max(run_id) FROM runs").fetchone()[0]


def _matches_a_recomputation(con) -> int:
    """NAME_as_of(n) equals its recomputation for every run n (failed ones and one past the
    last included); returns the rows compared."""
    compared = 0
    for n in range(_last_run(con) + 2):
        for name in HISTORY:
            kept = con.execute(f"SELECT * FROM {name}_as_of(?) ORDER BY ALL", [n]).fetchall()
            computed = con.execute(f"SELECT * FROM ({RECOMPUTED[name]}) ORDER BY ALL", {"n": n}).fetchall()
            assert kept == computed, (name, n)
            compared += len(kept)
    # mention_runs: each run's rows by type and by the run that closed them
    assert con.execute("SELECT * FROM mention_runs ORDER BY ALL").fetchall() == con.execute(
        """SELECT run_id, type, valid_to, count(*), count(DISTINCT article_id) FROM mentions_history
           GROUP BY ALL ORDER BY ALL""").fetchall()
    # and the current ones are the aggregates the load keeps
    for name in HISTORY:
        assert con.execute(f"SELECT * FROM {name}_as_of(9223372036854775807) ORDER BY ALL").fetchall() \
            == con.execute(f"SELECT * FROM {name} ORDER BY ALL").fetchall(), name
    return compared


def _kept(con) -> dict:
    tables = [f"{name}_history" for name in HISTORY] + ["mention_runs"]
    return {table: con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall() for table in tables}


def _report_answers(con, reports_dir: Path | None = None) -> dict:
    with pytest.MonkeyPatch.context() as patch:
        if reports_dir is not None:
            get_report = library.get_report
            patch.setattr(library, "get_report", lambda name: get_report(
                name, reports_dir if (reports_dir / f"{name}.sql").exists() else library.REPORTS_DIR))
        out = {}
        for n in range(_last_run(con) + 1):
            for name, variants in REPORTS.items():
                for params in variants:
                    frame = run_report(con, name, params, as_of_run=n if n else None)
                    out[name, repr(params), n] = (frame.columns, frame.rows())
        return out


@pytest.fixture(scope="module")
def upgraded(tmp_path_factory, models):
    db = tmp_path_factory.mktemp("m011") / "w.duckdb"
    with pytest.MonkeyPatch.context() as old_code:
        code_before(old_code, 11)
        _history(db, models)
    with duckdb.connect(str(db), read_only=True) as con:
        before = _report_answers(con, BEFORE_011)
    with duckdb.connect(str(db)) as con:
        assert 11 not in {v for (v,) in con.execute("SELECT version FROM schema_migrations").fetchall()}
        assert apply_migrations(con)[0] == "011_aggregate_history"
    return db, before


def test_011_fills_the_tables_so_every_as_of_and_report_answers_as_before(upgraded):
    db, before = upgraded
    with duckdb.connect(str(db), read_only=True) as con:
        assert _matches_a_recomputation(con) > 0
        # the edit, the reprocess and the redirect changed values: closed rows exist
        for name in HISTORY:
            assert con.execute(f"SELECT count(*) FROM {name}_history WHERE valid_to IS NOT NULL").fetchone()[0] > 0, name
        assert con.execute("SELECT count(*) FROM mention_runs WHERE valid_to IS NOT NULL").fetchone()[0] > 0
        after = _report_answers(con)
    assert after.keys() == before.keys()
    different = [key for key in before if before[key] != after[key]]
    assert different == [], [(k, before[k], after[k]) for k in different[:2]]
    last = max(n for _, _, n in after)
    empty = [key for key, (_, rows) in after.items() if key[2] == last and not rows]
    assert empty == [], empty


def test_the_load_keeps_them_as_the_replay_does_and_a_rolled_back_run_leaves_them(
        upgraded, models, tmp_path, monkeypatch):
    fresh = tmp_path / "fresh.duckdb"
    _history(fresh, models)   # written by today's code from the start, run after run
    db, _ = upgraded
    with duckdb.connect(str(fresh)) as con, duckdb.connect(str(db), read_only=True) as old:
        assert dict(con.execute("SELECT reason, max(run_id) FROM entity_redirects GROUP BY ALL").fetchall()) \
            == {"spelling": 5}
        assert _matches_a_recomputation(con) > 0
        kept = _kept(con)
        # the replay of the upgrade wrote the very rows the load writes
        assert kept == _kept(old)
    # A run whose audits fail rolls back: the tables are as they were.
    monkeypatch.setattr(load_module, "run_audits", lambda con, run_id: {"forced": [("x",)]})
    with pytest.raises(load_module.AuditFailed):
        _run(fresh, models, [{"article_id": "banks", "text": SEED_TEXT, "published_at": PUBLISHED}])
    with duckdb.connect(str(fresh)) as con:
        assert kept == _kept(con)
        _matches_a_recomputation(con)


def test_a_redirect_moves_counts_from_its_run_on_and_older_states_keep_them(models, tmp_path):
    """A later run that merges a surname into a full name moves the counts of articles it never
    touched: as of the earlier run the surname keeps them, as of the later run the full name."""
    db = tmp_path / "w.duckdb"
    first = _run(db, models, [{"article_id": "talks", "published_at": PUBLISHED,
                               "text": "Лукашенко провел переговоры с Шойгу в Минске."}])
    second = _run(db, models, [{"article_id": "speech", "published_at": PUBLISHED,
                                "text": "Президент Белоруссии Александр Лукашенко выступил в Минске."}])
    with duckdb.connect(str(db), read_only=True) as con:
        merged, target = con.execute("SELECT entity_id, target_id FROM entity_redirects WHERE run_id = ?",
                                     [second]).fetchone()
        stats = "SELECT mentions FROM entity_stats_as_of(?) WHERE entity_id = ?"
        assert con.execute(stats, [first, merged]).fetchone() == (1,)
        assert con.execute(stats, [second, merged]).fetchone() is None
        assert con.execute(stats, [second, target]).fetchone() == (2,)
        _matches_a_recomputation(con)


def test_retired_and_returning_articles_leave_and_reenter_every_later_state(tmp_path):
    """A run that retires the articles of a deleted file takes their counts out from that run
    on (older states keep them); the run that finds the file again puts them back. The replay
    of the migration writes the same rows."""
    import shutil

    from tasks.warehouse.aggregates import replay
    from tests.ingest.test_identity import DATA
    from tests.ingest.test_identity import run as whole_run

    sources = tmp_path / "in"
    shutil.copytree(DATA, sources)
    db = tmp_path / "w.duckdb"
    whole_run(db, sources / "lenta", sources / "ria")
    ria = next((sources / "ria").glob("*.jsonl"))
    saved = ria.read_bytes()
    ria.unlink()
    retiring = whole_run(db, sources / "lenta", sources / "ria", retire_missing=True)
    assert retiring.retired > 0
    ria.write_bytes(saved)
    whole_run(db, sources / "lenta", sources / "ria")
    with duckdb.connect(str(db)) as con:
        _matches_a_recomputation(con)
        stats = "SELECT sum(mentions) FROM entity_stats_as_of(?)"
        run_id = retiring.run_id
        assert con.execute(stats, [run_id]).fetchone()[0] < con.execute(stats, [run_id - 1]).fetchone()[0]
        assert con.execute(stats, [run_id + 1]).fetchone()[0] == con.execute(stats, [run_id - 1]).fetchone()[0]
        kept = _kept(con)
        con.execute("BEGIN")
        replay(con)
        assert _kept(con) == kept
        con.execute("ROLLBACK")
