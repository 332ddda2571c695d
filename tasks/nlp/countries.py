"""Countries by the adjectives and nouns news uses for them: "египетские полицейские" act for
Egypt, and so do "египтяне".

The names are pycountry's Russian ISO 3166-1 names (offline, from its gettext translations), each
country under the name the alias lexicon gives it ("Российская Федерация" → "Россия"), else its
shortest Russian name, so that its entity is the one a mention of the country gets. An adjective
names a country when its stem and the name share their beginning (names_place, the test
tasks/nlp/events/candidates.py also uses for the places an article names) and no other country's
name does.
"""
from __future__ import annotations

import csv
import functools
import gettext

from tasks.nlp.entities import ALIASES_CSV, entity_id_for, name_key
from tasks.settings import LEXICON_DIR

ADJECTIVES_CSV = LEXICON_DIR / "country_adjectives.csv"   # adjectives the stem test misses
DEMONYMS_CSV = LEXICON_DIR / "demonyms.csv"                 # "россиянин" → Россия
# Suffixes of a place adjective ("израильский", "московский", "донецкий") cut to compare its stem
# with a place's name.
PLACE_ADJECTIVE_SUFFIXES = ("ский", "цкий", "ской")
MIN_STEM = 4


def names_place(adjective: str, place: str) -> bool:
    """Whether a place adjective's stem and a place name share their beginning up to the last two
    letters of each ("сербск-ий" / "Сербия", "москов-ский" / "Москва", "россий-ский" / "России")."""
    stem = next((adjective[:-len(s)] for s in PLACE_ADJECTIVE_SUFFIXES if adjective.endswith(s)), None)
    if stem is None:
        return False
    place = place.lower()
    common = 0
    for a, b in zip(stem, place):
        if a != b:
            break
        common += 1
    return common >= max(MIN_STEM, len(stem) - 2, len(place) - 2)


@functools.cache
def country_names() -> dict[str, str]:
    """entity_id → the name of every country, as its mentions' entities are named."""
    import pycountry

    with open(ALIASES_CSV, encoding="utf-8") as rows:
        canonical = {name_key(row["alias"]): row["name"] for row in csv.DictReader(rows) if row["type"] == "LOC"}
    russian = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ru"])
    names = {}
    for country in pycountry.countries:
        english = {getattr(country, field, None) for field in ("name", "official_name", "common_name")}
        translated = sorted({russian.gettext(n) for n in english if n} - english, key=lambda n: (len(n), n))
        if not translated:
            continue
        name = next((canonical[name_key(n)] for n in translated if name_key(n) in canonical), translated[0])
        names[entity_id_for("LOC", name)] = name
    return names


@functools.cache
def adjective_countries() -> dict[str, str]:
    """Adjectives whose country the stem test cannot find ("американский" → США), from
    tasks/nlp/lexicon/country_adjectives.csv."""
    with open(ADJECTIVES_CSV, encoding="utf-8") as rows:
        return {row["adjective"]: row["country"] for row in csv.DictReader(rows)}


@functools.cache
def demonym_countries() -> dict[str, str]:
    """Nouns for a country's people ("россиянин", "сербка") → the country, from
    tasks/nlp/lexicon/demonyms.csv; no stem test: "немец", "турок", "британец" share none."""
    with open(DEMONYMS_CSV, encoding="utf-8") as rows:
        return {row["noun"]: row["country"] for row in csv.DictReader(rows)}


def country_of_demonym(lemma: str) -> tuple[str, str] | None:
    """(entity_id, name) of the country whose people the noun names, else None."""
    name = demonym_countries().get(lemma)
    return (entity_id_for("LOC", name), name) if name is not None else None


@functools.cache
def countries_by_beginning() -> dict[str, list[tuple[str, str]]]:
    """The countries of country_names by the first MIN_STEM letters of their names: names_place
    needs at least those in common, so an adjective is compared with these only."""
    index: dict[str, list[tuple[str, str]]] = {}
    for entity_id, name in country_names().items():
        index.setdefault(name[:MIN_STEM].lower(), []).append((entity_id, name))
    return index


@functools.cache
def country_of_adjective(lemma: str) -> tuple[str, str] | None:
    """(entity_id, name) of the one country the adjective names, else None."""
    if lemma in adjective_countries():
        name = adjective_countries()[lemma]
        return entity_id_for("LOC", name), name
    found = [(entity_id, name) for entity_id, name in countries_by_beginning().get(lemma[:MIN_STEM], [])
             if names_place(lemma, name)]
    return found[0] if len(found) == 1 else None
