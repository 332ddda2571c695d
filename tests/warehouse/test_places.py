"""Places linked to GeoNames offline (tasks/warehouse/places.py), and migration 007 on a
warehouse written before it: the link happens at load, for every LOC entity not yet linked."""
from __future__ import annotations

import hashlib

import duckdb

from tasks.nlp.extract import extract_batch
from tasks.quality.validate import to_frame
from tasks.warehouse.load import load_run
from tasks.warehouse.places import choose, gazetteer
from tasks.warehouse.runs import begin_run
from tasks.warehouse.staging import Staging
from tests.conftest import DATA
from tests.fixture_warehouse import build_fixture_warehouse, entity_id

# GeoNames ids of the places below (geonames.org/<id>).
MOSCOW, RUSSIA, TRIPOLI_LY, TRIPOLI_LB, BELARUS, EUROPE = 524901, 2017370, 2210247, 266826, 630336, 6255148
DUSHANBE, TAJIKISTAN, BEIJING = 1221874, 1220409, 1816670
GEO_COLUMNS = ["country_code", "latitude", "longitude", "geonames_id", "feature"]


def test_countries_take_every_russian_name_and_the_capitals_point():
    for name in ("Россия", "Российская Федерация", "РФ"):
        link = choose([name], [])
        assert (link.place.geonames_id, link.place.country_code, link.place.feature) == (RUSSIA, "RU", "country")
    moscow = choose(["Москва"], []).place
    assert (moscow.latitude, moscow.longitude) == (choose(["Россия"], []).place.latitude,
                                                   choose(["Россия"], []).place.longitude)
    assert choose(["Белоруссия"], []).place.geonames_id == BELARUS   # the hand list
    assert choose(["Европа"], []).place[:1] + choose(["Европа"], []).place[5:6] == (EUROPE, "region")


def test_a_region_without_a_point_keeps_its_country():
    chechnya = choose(["Чечня"], []).place
    assert (chechnya.country_code, chechnya.feature, chechnya.latitude, chechnya.geonames_id) == ("RU", "region", None, None)


def test_a_shared_name_goes_to_the_most_populous_place_unless_the_articles_say_otherwise():
    # "В ливанском городе Триполи ... на территории Ливана": the article's other place is in LB.
    assert choose(["Триполи"], []).place.geonames_id == TRIPOLI_LY
    lebanese = choose(["Триполи"], [{"LB"}])
    assert lebanese.place.geonames_id == TRIPOLI_LB and "LB" in lebanese.reason
    # Half the articles for Lebanon is not enough against a city five times larger...
    assert choose(["Триполи"], [{"LB"}, {"LY"}]).place.geonames_id == TRIPOLI_LY
    # ...and Moscow (Idaho) never takes "Москва", whatever the article says of the US.
    assert choose(["Москва"], [{"US"}, {"US"}]).place.geonames_id == MOSCOW
    assert len(gazetteer()["москва"]) > 1


def test_a_name_that_says_region_is_the_region_not_its_city():
    # GeoNames lists "Воронежская область" among Voronezh's own names; the city stays "Воронеж"
    oblast = choose(["Воронежская область"], []).place
    assert (oblast.feature, oblast.country_code, oblast.geonames_id) == ("region", "RU", None)
    assert choose(["Воронеж"], []).place.feature == "city"
    assert any(place.feature == "city" for place in gazetteer()["воронежская область"])


def test_forms_are_tried_in_order_and_an_unknown_place_says_so():
    assert choose(["Москвы", "Москва"], []).matched == "Москва"
    gulf = choose(["Персидский залив"], [])
    assert (gulf.place, gulf.candidates) == (None, 0) and "no place" in gulf.reason


def _real_run(db, models, articles: dict[str, str]) -> int:
    run_id = begin_run(db, flow_run_id=None, flow_name="test", code_version="t",
                       extractor_version="t", model_versions={}, parameters={})
    staging = Staging.for_run(db, run_id)
    rows = [{"article_id": article_id, "text": text, "source_path": f"{article_id}.txt", "encoding": "utf-8",
             "content_hash": hashlib.sha256(text.encode()).hexdigest()} for article_id, text in articles.items()]
    path = staging.write("articles_history", to_frame("articles", rows), "b1")
    result = extract_batch(str(path), staging, models, "t")
    load_run(db, run_id, staging.tables(), {"events": result.events}, [])
    staging.remove()
    return run_id


def test_migration_007_links_the_places_of_a_warehouse_written_before_it(tmp_path, models):
    db = build_fixture_warehouse(tmp_path / "old.duckdb", migrations_through=6)
    con = duckdb.connect(str(db))
    # The fixture writes its runs 1-3 by hand; the run id sequence moves past them as real runs would have.
    con.execute("SELECT nextval('run_id_seq') FROM range((SELECT max(run_id) FROM runs))").fetchall()
    before = con.execute("SELECT * FROM entities ORDER BY entity_id").fetchall()
    assert "country_code" not in [row[0] for row in con.execute("DESCRIBE entities").fetchall()]
    con.close()

    # A run of today's code migrates, loads a Lenta article and links every place not yet linked.
    tripoli = (DATA / "lenta_0033_tripoli.txt").read_text(encoding="utf-8")
    run_id = _real_run(db, models, {"lenta-tripoli": tripoli})

    con = duckdb.connect(str(db), read_only=True)
    assert [row[0] for row in con.execute("DESCRIBE entities").fetchall()][-5:] == GEO_COLUMNS
    # The old entities are all there, unchanged, with the new columns after them.
    old = {row[0]: row for row in before}
    now = {row[0]: row for row in con.execute("SELECT * FROM entities").fetchall()}
    assert all(now[key][:len(row)] == row for key, row in old.items())

    def geo(type_, name):
        return con.execute("SELECT geonames_id, country_code, feature FROM entities WHERE entity_id = ?",
                           [entity_id(type_, name)]).fetchone()

    assert geo("LOC", "Россия") == (RUSSIA, "RU", "country")
    assert geo("LOC", "Душанбе") == (DUSHANBE, "TJ", "city")
    assert geo("LOC", "Таджикистан") == (TAJIKISTAN, "TJ", "country")
    assert geo("LOC", "Пекин") == (BEIJING, "CN", "city")
    assert geo("PER", "Владимир Путин") == (None, None, None)
    assert geo("ORG", "Сабаильский районный суд") == (None, None, None)
    # The old places are linked by the run that upgraded the warehouse.
    assert con.execute("SELECT DISTINCT run_id FROM entity_places").fetchall() == [(run_id,)]
    # The new article's Триполи is Lebanon's: the article names Ливан too.
    assert con.execute("SELECT p.geonames_id, p.reason FROM entity_places p JOIN entities e USING (entity_id)"
                       " WHERE e.name = 'Триполи'").fetchone() == (TRIPOLI_LB, "the article's other places are in LB")
    # event_facts takes the country and point of the event's place.
    meeting = con.execute("SELECT country_code, round(latitude, 1), round(longitude, 1) FROM event_facts"
                          " WHERE place_name = 'Душанбе'").fetchall()
    assert meeting and set(meeting) == {("TJ", 38.5, 68.8)}
    assert con.execute("SELECT count(*) FROM event_facts WHERE place_id IS NULL AND country_code IS NOT NULL"
                       ).fetchone() == (0,)
    con.close()

    # The next run links only what is new: nothing here, and earlier links stay.
    count = duckdb.connect(str(db), read_only=True).execute("SELECT count(*) FROM entity_places").fetchone()[0]
    _real_run(db, models, {"lenta-tripoli-again": tripoli})
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*), max(run_id) FROM entity_places").fetchone() == (count, run_id)
    con.close()
