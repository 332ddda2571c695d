"""Place linking accuracy on a hand-labelled sample (tests/data/places_lenta_sample.jsonl).

Each line is a LOC entity of lenta_1000 as the warehouse holds it: its name, the forms its
mentions take, and for each article naming it the other places named there; `expected` is the
hand label: the feature (country / region / city, or null when the name is no country, region
or city the shipped data holds: a square, a sea, a former state, a village it lacks), the
GeoNames id when the data has the place, and the ISO country. The entity goes through the
linker the load uses (tasks/warehouse/places.py), the other places' countries as a first load
sees them (those every place of the name shares).

A link is right when its GeoNames id is the expected one; a region without an id in the data
when it is a region of the expected country; a name with no expected place when it stays
unresolved.
"""
from __future__ import annotations

from pathlib import Path

from tasks.evaluation.gold_files import read_jsonl
from tasks.warehouse.places import choose, country_of, gazetteer


def judge(expected: dict, place) -> bool:
    if expected["feature"] is None:
        return place is None
    if place is None:
        return False
    if expected["geonames_id"] is not None:
        return place.geonames_id == expected["geonames_id"]
    return place.feature == expected["feature"] and place.country_code == expected["country_code"]


def evaluate_places(path: Path) -> dict:
    places = gazetteer()
    items = list(read_jsonl(path, fields=("name", "forms", "articles", "expected"), kind="place links"))
    results = []
    for item in items:
        context = [{code for name in article["other_places"] if (code := country_of([name], places))}
                   for article in item["articles"]]
        link = choose([item["name"], *item["forms"]], context, places)
        results.append({"name": item["name"], "expected": item["expected"], "ok": judge(item["expected"], link.place),
                        "linked": None if link.place is None else
                        {"geonames_id": link.place.geonames_id, "country_code": link.place.country_code,
                         "feature": link.place.feature, "name": link.place.name},
                        "reason": link.reason})
    placed = [r for r in results if r["expected"]["feature"] is not None]
    linked = [r for r in results if r["linked"] is not None]
    return {
        "file": str(path),
        "entities": len(results),
        "correct": sum(r["ok"] for r in results),
        "accuracy": sum(r["ok"] for r in results) / len(results) if results else 0.0,
        # of the names that are a country, region or city: how many got the right place (recall)
        "places": len(placed), "places_correct": sum(r["ok"] for r in placed),
        # of the links made: how many are right (precision)
        "links": len(linked), "links_correct": sum(r["ok"] for r in linked),
        "unresolved_correct": sum(r["ok"] for r in results if r["expected"]["feature"] is None),
        "errors": [r for r in results if not r["ok"]],
    }
