"""Derive tasks/nlp/lexicon/aliases.csv: other names of the same place or organisation.

Three sources, joined where they share a name:
- NEREL train: names annotated with the same Wikidata id ("Россия", "РФ", "Российская
  Федерация" are Q159). A name counts when it occurs at least --min-count times and at least
  --min-share of its occurrences carry that id; a single common noun ("правительство",
  "полиция": pymorphy knows it as no place, organisation, abbreviation or name) is left out,
  since NEREL links it to whichever government the text means.
- pycountry: the Russian names of every ISO 3166-1 country (name, official and common name,
  from its gettext translations).
- tasks/nlp/lexicon/aliases_curated.csv: a short hand list for what neither covers.

The canonical name of a group is the curated one, else the name NEREL uses most, else
pycountry's. Persons are left out: a surname alone is resolved across articles at load, where
namesakes can be told apart.

    python -m flows.maintain.build_aliases ../shared/corpora/nerel_train.jsonl
"""
from __future__ import annotations

import argparse
import collections
import csv
import gettext
import json
import re
from pathlib import Path

from tasks.nlp.entities import lemma_key
from tasks.nlp.models import load_models
from tasks.settings import LEXICON_DIR

OUT = LEXICON_DIR / "aliases.csv"
CURATED = LEXICON_DIR / "aliases_curated.csv"
PROPER_TAGS = {"Geox", "Orgn", "Abbr", "Name", "Surn"}
FIELDS = ["alias_key", "alias", "name", "type", "kind", "source"]


def is_proper(key: str, morph_vocab) -> bool:
    """A multiword name, or one word pymorphy reads as a proper name (not first as an adjective:
    "российский", "московский") or does not know."""
    if " " in key:
        return True
    forms = morph_vocab(key)
    if forms and forms[0].tag.POS == "ADJF":
        return False
    return not morph_vocab.word_is_known(key) or any(PROPER_TAGS & set(f.tag.grammemes) for f in forms)


def looks_nominative(text: str, morph_vocab) -> bool:
    """Every word's likeliest reading is nominative (or pymorphy cannot read it): the form to
    show, "Санкт-Петербург" rather than "Санкт-Петербурге"."""
    for word in re.findall(r"[А-Яа-яЁё]+", text):
        forms = [f for f in morph_vocab(word.lower()) if f.tag.POS in ("NOUN", "ADJF", "PRTF")]
        if forms and not word.isupper() and "nomn" not in forms[0].tag:
            return False
    return True


def nerel_groups(path: Path, morph_vocab, min_count: int, min_share: float) -> list[tuple[str, dict]]:
    """(type, {key: most frequent surface}) for each Wikidata id of NEREL's places and organisations."""
    by_key: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    surfaces: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for line in path.open(encoding="utf-8"):
        for entity in json.loads(line)["entities"]:
            if entity.get("coarse") not in ("LOC", "ORG"):
                continue
            key = lemma_key(entity["text"], morph_vocab)
            qid = entity.get("wikidata") or "NULL"
            by_key[key][(qid, entity["coarse"])] += 1
            if entity["text"][:1].isupper() and looks_nominative(entity["text"], morph_vocab):
                surfaces[key][entity["text"]] += 1
    groups: dict[tuple, dict] = collections.defaultdict(dict)
    for key, ids in by_key.items():
        (best, count), total = ids.most_common(1)[0], sum(ids.values())
        if (best[0] != "NULL" and total >= min_count and count / total >= min_share
                and surfaces[key] and is_proper(key, morph_vocab)):
            groups[best][key] = (surfaces[key].most_common(1)[0][0], total)
    return [(entity_type, names) for (_, entity_type), names in groups.items() if len(names) > 1]


def country_names() -> list[list[str]]:
    """Russian names of each ISO 3166-1 country, from pycountry's gettext translations."""
    import pycountry

    russian = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ru"])
    groups = []
    for country in pycountry.countries:
        english = {getattr(country, field, None) for field in ("name", "official_name", "common_name")}
        names = {russian.gettext(name) for name in english if name}
        names = [n for n in names if n not in english]  # untranslated names are not Russian
        if names:
            groups.append(sorted(names, key=lambda n: (len(n), n)))
    return groups


def build(nerel_path: Path, min_count: int, min_share: float) -> list[dict]:
    morph_vocab = load_models().morph_vocab
    parent: dict[tuple, tuple] = {}

    def find(node):
        while parent.setdefault(node, node) != node:
            node = parent[node]
        return node

    def join(a, b):
        parent[find(a)] = find(b)

    display: dict[tuple, str] = {}
    preferred: dict[tuple, tuple[int, int, str]] = {}   # node -> (source rank, frequency, name)
    sources: dict[tuple, str] = {}

    def add(entity_type: str, name: str, rank: int, frequency: int, source: str) -> tuple:
        node = (entity_type, lemma_key(name, morph_vocab))
        display.setdefault(node, name)
        sources.setdefault(node, source)
        best = preferred.get(node)
        if best is None or (rank, frequency) > best[:2]:
            preferred[node] = (rank, frequency, name)
        return node

    with CURATED.open(encoding="utf-8") as rows:
        for row in csv.DictReader(rows):
            join(add(row["type"], row["alias"], 0, 0, "curated"), add(row["type"], row["name"], 3, 0, "curated"))
    for entity_type, names in nerel_groups(nerel_path, morph_vocab, min_count, min_share):
        nodes = [add(entity_type, surface, 2, total, "nerel") for surface, total in names.values()]
        for node in nodes[1:]:
            join(node, nodes[0])
    for names in country_names():
        nodes = [add("LOC", name, 1, 0, "pycountry") for name in names]
        for node in nodes[1:]:
            join(node, nodes[0])

    members: dict[tuple, list[tuple]] = collections.defaultdict(list)
    for node in parent:
        members[find(node)].append(node)
    rows = []
    for nodes in members.values():
        if len(nodes) < 2:
            continue
        # ties (pycountry's names have no frequency) go to the shortest name, then the first in
        # alphabetical order, so that the file does not depend on set order
        canonical = min((preferred[n] for n in nodes), key=lambda p: (-p[0], -p[1], len(p[2]), p[2]))[2]
        for node in nodes:
            alias = display[node]
            if lemma_key(alias, morph_vocab) == lemma_key(canonical, morph_vocab):
                continue
            kind = "abbreviation" if alias.isupper() else "synonym"
            rows.append({"alias_key": node[1], "alias": alias, "name": canonical, "type": node[0],
                         "kind": kind, "source": sources[node]})
    return sorted(rows, key=lambda r: (r["type"], r["name"], r["alias_key"]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("nerel_train", type=Path)
    parser.add_argument("--min-count", type=int, default=3)
    parser.add_argument("--min-share", type=float, default=0.9)
    args = parser.parse_args()
    rows = build(args.nerel_train, args.min_count, args.min_share)
    with OUT.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=FIELDS)
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} aliases → {OUT}")


if __name__ == "__main__":
    main()
