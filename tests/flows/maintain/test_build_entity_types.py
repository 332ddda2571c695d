"""The entity type lexicon's builder on three NEREL train documents (tests/data/nerel_facilities_sample.jsonl):
the space station, the Kremlin as a building and the Kremlin as the body that works there."""
from flows.maintain.build_entity_types import build
from tasks.nlp.extract import extract_article
from tests.conftest import DATA


def test_a_facility_is_a_place_unless_its_name_is_mostly_an_organisation():
    types = {row["name_lemmas"]: row["type"] for row in build(DATA / "nerel_facilities_sample.jsonl", 2, 0.9)}
    assert types["мкс"] == "LOC"          # five FACILITY labels, no coarse type
    assert types["кремль"] == "ORG"       # two ORGANIZATION labels beside one FACILITY
    assert types["россия"] == "LOC"


def test_the_space_station_is_a_place_in_the_warehouse(models):
    # Lenta: the tagger's ORG for "МКС" is corrected by the committed lexicon
    text = ("\"Мы закончим свою работу на МКС к 2010 году, выполнив свои обязательства перед 15 "
            "странами-партнерами\", - говорится в сообщении.")
    result = extract_article({"article_id": "iss", "text": text, "published_at": None, "title": None}, models)
    assert [m["type"] for m in result.mentions if m["text"] == "МКС"] == ["LOC"], result.mentions
