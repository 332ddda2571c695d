"""Choose the surname similarity above which two full names are one person spelt two ways.

On NEREL train, every two person names with the same first name (as lemmas) and different
surnames are a pair; a pair is the same person when their Wikidata ids meet. For each threshold
it prints the pairs merged rightly and wrongly, comparing surnames as sql/load/resolve_people.sql
does (э as е, no ь/ъ, doubled letters once, DuckDB's Jaro-Winkler). The load uses the lowest
threshold that merges no two different people.

    python -m flows.maintain.choose_spelling_threshold ../shared/corpora/nerel_train.jsonl
"""
from __future__ import annotations

import argparse
import collections
import itertools
import json
from pathlib import Path

import duckdb

from tasks.nlp.entities import lemma_key
from tasks.nlp.models import load_models

SIMILARITY = """
SELECT jaro_winkler_similarity(
    array_to_string(list_filter(str_split(a, ''), lambda ch, i: i = 1 OR ch <> str_split(a, '')[i - 1]), ''),
    array_to_string(list_filter(str_split(b, ''), lambda ch, i: i = 1 OR ch <> str_split(b, '')[i - 1]), ''))
FROM (SELECT replace(replace(replace($a, 'э', 'е'), 'ь', ''), 'ъ', '') AS a,
             replace(replace(replace($b, 'э', 'е'), 'ь', ''), 'ъ', '') AS b)
"""


def surname_pairs(path: Path) -> list[tuple[str, str, bool]]:
    morph_vocab = load_models().morph_vocab
    ids: dict[tuple[str, str], set] = collections.defaultdict(set)
    for line in path.open(encoding="utf-8"):
        for entity in json.loads(line)["entities"]:
            if entity.get("coarse") == "PER" and entity.get("wikidata") not in (None, "", "NULL"):
                words = lemma_key(entity["text"], morph_vocab).split()
                if len(words) == 2 and len(words[0]) > 2:
                    ids[(words[0], words[1])].add(entity["wikidata"])
    by_first = collections.defaultdict(list)
    for (first, surname), wikidata in ids.items():
        by_first[first].append((surname, wikidata))
    return [(a, b, bool(qa & qb)) for names in by_first.values()
            for (a, qa), (b, qb) in itertools.combinations(names, 2)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("nerel_train", type=Path)
    args = parser.parse_args()
    con = duckdb.connect()
    scored = [(con.execute(SIMILARITY, {"a": a, "b": b}).fetchone()[0], same)
              for a, b, same in surname_pairs(args.nerel_train)]
    print("(the load also refuses surnames that continue one another or differ in length by more than one)")
    print(f"{len(scored)} pairs, {sum(same for _, same in scored)} of the same person")
    for threshold in (0.85, 0.88, 0.90, 0.92, 0.94, 0.96):
        right = sum(1 for s, same in scored if s >= threshold and same)
        wrong = sum(1 for s, same in scored if s >= threshold and not same)
        print(f"≥ {threshold:.2f}: {right} merged rightly, {wrong} wrongly")


if __name__ == "__main__":
    main()
