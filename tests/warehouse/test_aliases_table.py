"""entity_aliases as a stored table (migration 007): an upgraded warehouse keeps the rows the
005 view showed, and each load records the forms it sees, with their kind and source."""
from __future__ import annotations

import duckdb

from tasks.nlp.entities import entity_id_for
from tests.fixture_warehouse import build_fixture_warehouse, entity_id
from tests.warehouse.test_places import _real_run

FIXTURE_RUSSIA = entity_id("LOC", "Россия")   # the fixture warehouse's own ids
RUSSIA = entity_id_for("LOC", "Россия")        # the extractor's
# Lenta sentences: "РФ" is the curated lexicon's abbreviation of Россия, "Евросоюза" the
# curated synonym of Европейский союз, "Украиной" an inflection.
ARTICLE = ("Компанией разработан соответствующий проект межправительственного соглашения, при содействии "
           "железнодорожной монополии идут переговоры между РФ и Украиной. Как ожидается ряд государств "
           "Евросоюза, а также США признают независимость Косово.")


def test_007_stores_the_aliases_of_a_warehouse_written_before_it_and_each_load_adds_its_own(tmp_path, models):
    db = build_fixture_warehouse(tmp_path / "old.duckdb", migrations_through=6)
    con = duckdb.connect(str(db))
    con.execute("SELECT nextval('run_id_seq') FROM range((SELECT max(run_id) FROM runs))").fetchall()
    assert con.execute("SELECT table_type FROM information_schema.tables WHERE table_name = 'entity_aliases'"
                       ).fetchone() == ("VIEW",)
    shown = set(con.execute("SELECT alias, entity_id, kind, source FROM entity_aliases").fetchall())
    assert ("России", FIXTURE_RUSSIA, "inflection", "mentions") in shown
    as_of_1 = set(con.execute("SELECT alias, entity_id, kind FROM entity_aliases_as_of(1)").fetchall())
    con.close()

    run_id = _real_run(db, models, {"lenta-rf": ARTICLE})   # migrates to 007, then loads

    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT table_type FROM information_schema.tables WHERE table_name = 'entity_aliases'"
                       ).fetchone() == ("BASE TABLE",)
    stored = {row[:4]: row[4] for row in con.execute("SELECT alias, entity_id, kind, source, run_id FROM entity_aliases").fetchall()}
    # every row the view showed is kept, dated by the run of its first mention (1 or 2 here)
    assert shown <= set(stored)
    assert {stored[row] for row in shown} <= {1, 2}
    assert set(con.execute("SELECT alias, entity_id, kind FROM entity_aliases_as_of(1)").fetchall()) == as_of_1
    # the new run's forms, with where they come from
    new = {row[:2]: row[2:] for row in con.execute(
        "SELECT alias, entity_id, kind, source FROM entity_aliases WHERE run_id = ?", [run_id]).fetchall()}
    assert new[("РФ", RUSSIA)] == ("abbreviation", "curated")
    assert new[("Украиной", entity_id_for("LOC", "Украина"))] == ("inflection", "mentions")
    assert new[("Евросоюза", entity_id_for("ORG", "Европейский союз"))] == ("synonym", "curated")
    con.close()

    # the same article again records nothing new
    _real_run(db, models, {"lenta-rf-again": ARTICLE})
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM entity_aliases WHERE run_id > ?", [run_id]).fetchone() == (0,)
    con.close()
