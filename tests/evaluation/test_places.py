"""Place linking measured on the hand-labelled Lenta sample (tests/data/places_lenta_sample.jsonl)."""
from tasks.evaluation.places import evaluate_places, judge
from tasks.warehouse.places import Place
from tests.conftest import DATA

SAMPLE = DATA / "places_lenta_sample.jsonl"
MOSCOW = Place(524901, "Moscow", "RU", 55.75, 37.62, "city", 10381222)
KOMI = Place(None, "Коми", "RU", None, None, "region", 0)


def test_a_link_is_judged_by_id_a_region_by_its_country_and_a_non_place_by_staying_unresolved():
    assert judge({"feature": "city", "geonames_id": 524901, "country_code": "RU"}, MOSCOW)
    assert not judge({"feature": "city", "geonames_id": 5601538, "country_code": "US"}, MOSCOW)
    assert judge({"feature": "region", "geonames_id": None, "country_code": "RU"}, KOMI)
    assert not judge({"feature": "region", "geonames_id": None, "country_code": "UA"}, KOMI)
    assert judge({"feature": None, "geonames_id": None, "country_code": None}, None)
    assert not judge({"feature": None, "geonames_id": None, "country_code": None}, MOSCOW)


def test_the_labelled_sample_is_large_enough_and_the_linker_makes_no_wrong_link_on_it():
    result = evaluate_places(SAMPLE)
    assert result["entities"] >= 50
    assert result["places"] >= 30 and result["entities"] - result["places"] >= 10   # both kinds are there
    # floors below today's figures (README, Entities): a change that links worse fails here
    assert result["links_correct"] == result["links"]
    assert result["accuracy"] >= 0.8
