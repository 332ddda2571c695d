"""Migration 008 (validity ranges) upgrades a warehouse the previous code wrote, and every
`*_as_of(n)` macro and every report answers as it did before, for every run."""
from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import duckdb
import pytest

from tasks.ingest.stored import Selection, stage_for_reprocess
from tasks.nlp.extract import extract_batch
from tasks.quality.validate import to_frame
from tasks.reporting import library
from tasks.reporting.library import list_reports, run_report
from tasks.warehouse import load as load_module
from tasks.warehouse.aggregates import AGGREGATES, over_every_article
from tasks.warehouse.load import load_run
from tasks.warehouse.migrate import apply_migrations
from tasks.warehouse.runs import begin_run, fail_run
from tasks.warehouse.staging import Staging
from tests.fixture_warehouse import SEED_TEXT
from tests.warehouse_checks import code_before

DATA = Path(__file__).resolve().parents[1] / "data"
MACROS = ["articles", "extractions", "mentions", "events", "event_arguments", "entities",
          "entity_aliases", "entity_redirects", "event_clusters", "event_facts"]
PUBLISHED = dt.datetime(2025, 10, 20, 9, 0)
EDITED_FROM = "Второе — в «технических сбоях самой системы ПВО России»."
EDITED_TO = "Второе — в сбоях системы ПВО над Грозным, о которых сообщили военные."


def _begin(db, version="t") -> int:
    return begin_run(db, flow_run_id=None, flow_name="test", code_version="t",
                     extractor_version=version, model_versions={}, parameters={})


def _run(db, models, articles: list[dict]) -> int:
    """One run through the product's stages: stage articles, extract, load (no Prefect)."""
    run_id = _begin(db)
    staging = Staging.for_run(db, run_id)
    rows = [{"source_path": f"{a['article_id']}.txt", "encoding": "utf-8",
             "content_hash": hashlib.sha256(a["text"].encode()).hexdigest(), **a} for a in articles]
    path = staging.write("articles_history", to_frame("articles", rows), "b1")
    extract_batch(str(path), staging, models, "t")
    load_run(db, run_id, staging.tables(), {}, [])
    staging.remove()
    return run_id


def _reprocess(db, models, version: str) -> int:
    """Re-extract every stored article with another extractor version, as `khronika reprocess`."""
    run_id = _begin(db, version)
    staging = Staging.for_run(db, run_id)
    for path in stage_for_reprocess(db, Selection(all_articles=True), version, staging, 50):
        extract_batch(path, staging, models, version)
    load_run(db, run_id, {k: v for k, v in staging.tables().items() if k.endswith("_history")
                          or k in ("extractions", "dq_warnings", "quarantine")}, {}, [])
    staging.remove()
    return run_id


def _history(db, models) -> None:
    """New articles, an edit, a reprocess, a failed run, one more article."""
    lenta = [(DATA / name).read_text(encoding="utf-8") for name in
             ("lenta_banks.txt", "lenta_kyrgyzstan_eaeu.txt", "lenta_0033_tripoli.txt")]
    _run(db, models, [{"article_id": "seed", "text": SEED_TEXT, "published_at": PUBLISHED},
                      {"article_id": "banks", "text": lenta[0], "published_at": PUBLISHED},
                      {"article_id": "may", "text": "Тереза Мей ответила журналистам.", "published_at": PUBLISHED},
                      {"article_id": "minsk", "text": "Путин прибыл в Минск.", "published_at": PUBLISHED}])
    _run(db, models, [{"article_id": "seed", "text": SEED_TEXT.replace(EDITED_FROM, EDITED_TO),
                       "published_at": PUBLISHED},
                      {"article_id": "eaeu", "text": lenta[1], "published_at": None}])
    _reprocess(db, models, "t2")
    fail_run(db, _begin(db), "killed")
    _run(db, models, [{"article_id": "tripoli", "text": lenta[2],
                       "published_at": PUBLISHED + dt.timedelta(days=1)},
                      # a spelling met more often: the earlier one redirects to it
                      {"article_id": "berlin", "text": "Тереза Мэй посетила Берлин, где Тереза Мэй выступила.",
                       "published_at": None}])


# The reports 008 changed, as they were before it (they read no aggregate), to answer for the
# old warehouse; the others are read from sql/reports/ on both sides.
REPORTS_BEFORE = DATA / "reports_before_008"
# The reports 009 changed, as they were before it (they read event_facts_as_of).
REPORTS_BEFORE_009 = DATA / "reports_before_009"
# The reports 012 changed, as they were before it (they compute clusters and pairs).
REPORTS_BEFORE_012 = DATA / "reports_before_012"


def _answers(db, reports_dir=None) -> dict:
    """Every macro and every report (with its defaults), as of every run, rows sorted."""
    with pytest.MonkeyPatch.context() as patch:
        if reports_dir is not None:
            get_report = library.get_report
            patch.setattr(library, "get_report", lambda name: get_report(name, next(
                (d for d in (reports_dir, REPORTS_BEFORE_009, REPORTS_BEFORE_012)
                 if (d / f"{name}.sql").exists()),
                library.REPORTS_DIR)))
        return _read_answers(db)


# Columns later migrations add, with values the code before them did not write (013: an event's
# confidence, 014: a party's side, 017: a phrase's nominative): left out here, their own tests
# check them.
LATER_COLUMNS = {"confidence", "side", "nominative"}


def _rows(con, sql: str, params: list | None = None) -> list[str]:
    cursor = con.execute(sql, params or [])
    keep = [i for i, column in enumerate(cursor.description) if column[0] not in LATER_COLUMNS]
    return sorted(repr(tuple(row[i] for i in keep)) for row in cursor.fetchall())


def _read_answers(db) -> dict:
    with duckdb.connect(str(db), read_only=True) as con:
        last = con.execute("SELECT max(run_id) FROM runs").fetchone()[0]
        out = {}
        for n in range(last + 1):
            for macro in MACROS:
                out[macro, n] = _rows(con, f"SELECT * FROM {macro}_as_of(?)", [n])
            for report in list_reports():
                # run_diff lists every row where it takes a limit (012), without its total column
                every = {"limit": "none"} if report.name == "run_diff" and any(
                    p.name == "limit" for p in library.get_report(report.name).params) else {}
                frame = run_report(con, report.name, every, as_of_run=n if n else None)
                if every:
                    frame = frame.drop("total")
                out[report.name, n] = (frame.columns, sorted(map(repr, frame.rows())))
        for view in MACROS[:4] + MACROS[5:]:
            if view != "extractions":
                out[view] = _rows(con, f"SELECT * FROM {view}")
    return out


@pytest.fixture(scope="module")
def upgraded(tmp_path_factory, models):
    db = tmp_path_factory.mktemp("m008") / "w.duckdb"
    with pytest.MonkeyPatch.context() as old_code:
        code_before(old_code, 8)
        _history(db, models)
    before = _answers(db, REPORTS_BEFORE)
    with duckdb.connect(str(db)) as con:
        assert 8 not in {v for (v,) in con.execute("SELECT version FROM schema_migrations").fetchall()}
        assert apply_migrations(con)[:2] == ["008_validity_ranges", "009_event_facts_history"]  # the reports of today read 009
    return db, before


def test_008_answers_every_as_of_and_report_as_before(upgraded):
    db, before = upgraded
    after = _answers(db)
    assert after.keys() == before.keys()
    different = [key for key in before if before[key] != after[key]]
    assert different == [], [(k, before[k], after[k]) for k in different[:2]]
    # The history is the one described: an edit and a reprocess replaced versions.
    with duckdb.connect(str(db), read_only=True) as con:
        closed = dict(con.execute("SELECT valid_to, count(*) FROM extractions GROUP BY ALL").fetchall())
        assert closed[2] == 1 and closed[3] == 5 and closed[None] == 7
        assert con.execute("SELECT count(*) FROM articles_history WHERE valid_to = 2").fetchone()[0] == 1


def test_a_run_after_the_upgrade_closes_ranges_as_the_backfill_did(upgraded, models, tmp_path):
    db, _ = upgraded
    fresh = tmp_path / "fresh.duckdb"
    _history(fresh, models)   # the same history written by today's code from the start
    with duckdb.connect(str(db), read_only=True) as old, duckdb.connect(str(fresh), read_only=True) as new:
        for table in ["articles_history", "extractions", "mentions_history", "events_history",
                      "event_arguments_history"]:
            key = "article_id, run_id, valid_to" + (", content_hash" if table == "extractions" else "")
            sql = f"SELECT {key}, count(*) FROM {table} GROUP BY ALL ORDER BY ALL"
            assert old.execute(sql).fetchall() == new.execute(sql).fetchall(), table


def _aggregates_match_a_recomputation(con) -> dict[str, int]:
    """Each aggregate table equals its query over every current article; returns row counts."""
    over_every_article(con)
    sizes = {}
    for name in AGGREGATES:
        kept = con.execute(f"SELECT * FROM {name} ORDER BY ALL").fetchall()
        assert kept == con.execute(f"SELECT * FROM {name}_contribution ORDER BY ALL").fetchall(), name
        sizes[name] = len(kept)
    return sizes


def test_aggregates_stay_exact_through_edits_reprocess_redirects_and_a_rolled_back_run(
        upgraded, models, tmp_path, monkeypatch):
    db, _ = upgraded
    with duckdb.connect(str(db)) as con:   # filled by the migration from the upgraded state
        assert all(_aggregates_match_a_recomputation(con).values())
    fresh = tmp_path / "fresh.duckdb"
    _history(fresh, models)                # kept by the load, run after run
    with duckdb.connect(str(fresh)) as con:
        sizes = _aggregates_match_a_recomputation(con)
        assert dict(con.execute("SELECT reason, max(run_id) FROM entity_redirects GROUP BY ALL").fetchall()) \
            == {"spelling": 5}   # a redirect that moves counts the warehouse already held
        # They answer what the views answer.
        assert con.execute("SELECT sum(mentions) FROM entity_stats").fetchone()[0] == \
            con.execute("SELECT count(*) FROM mentions").fetchone()[0]
        assert sizes["co_mention_pairs"] > 0 and sizes["event_days"] > 0
        before = {name: con.execute(f"SELECT * FROM {name} ORDER BY ALL").fetchall() for name in AGGREGATES}
    # A run whose audits fail rolls back: the aggregates are as they were.
    monkeypatch.setattr(load_module, "run_audits", lambda con, run_id: {"forced": [("x",)]})
    with pytest.raises(load_module.AuditFailed):
        _run(fresh, models, [{"article_id": "banks", "text": SEED_TEXT, "published_at": PUBLISHED}])
    with duckdb.connect(str(fresh)) as con:
        assert before == {name: con.execute(f"SELECT * FROM {name} ORDER BY ALL").fetchall()
                          for name in AGGREGATES}
        _aggregates_match_a_recomputation(con)


@pytest.mark.parametrize("params", [{}, {"type": "PER"}, {"type": "LOC", "limit": "3"},
                                    {"entity": "Тереза Мэй"}, {"by": "month"}, {"min_articles": "2"}])
def test_reports_on_the_aggregates_answer_as_the_history_does(upgraded, params):
    """The current state (aggregates) and the same state read as of the last run (history)."""
    db, _ = upgraded
    with duckdb.connect(str(db), read_only=True) as con:
        last = con.execute("SELECT max(run_id) FROM runs WHERE status = 'committed'").fetchone()[0]
        compared = 0
        for report in list_reports():
            accepted = {p.name for p in report.params}
            if not set(params) <= accepted:
                continue
            current = run_report(con, report.name, params)
            as_of = run_report(con, report.name, params, as_of_run=last)
            assert current.rows() == as_of.rows(), report.name
            compared += 1
        assert compared >= 1
