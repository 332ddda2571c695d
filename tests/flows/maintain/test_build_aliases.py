"""The alias lexicon's builder on three NEREL train documents (tests/data/nerel_aliases_sample.jsonl)."""
from flows.maintain.build_aliases import build, country_names
from tests.conftest import DATA


def test_russian_country_names_come_from_pycountry():
    groups = country_names()
    assert any("Российская Федерация" in names for names in groups)
    assert not any("Russian Federation" in names for names in groups)


def test_names_sharing_a_wikidata_id_become_aliases_of_the_most_used_one():
    rows = build(DATA / "nerel_aliases_sample.jsonl", min_count=2, min_share=0.9)
    russia = {r["alias"]: r for r in rows if r["name"] == "Россия"}
    assert russia["РФ"]["kind"] == "abbreviation"
    assert "Российская Федерация" in russia
    assert all(r["alias_key"] != "россия" for r in rows)   # the name itself is no alias
