"""Derive tasks/nlp/lexicon/entity_types.csv from NEREL train annotations.

A name (as lemmas) that NEREL annotators labelled as one coarse type (PER/LOC/ORG) often and
consistently is recorded with that type; the extractor uses it to correct the NER tagger's type
for the same name ("ЕС", "Евросоюз" are organisations, not places). A name NEREL labels a
FACILITY (a station, a stadium, a cathedral, the space station "МКС") is a place here, when it has
no entry of its own from the coarse types: "Кремль" and "Белый дом" are facilities in some
sentences and, far more often, the bodies that work there ("Кремль опроверг"), so they stay
organisations.

    python -m flows.maintain.build_entity_types ../shared/corpora/nerel_train.jsonl
"""
from __future__ import annotations

import argparse
import collections
import csv
import json
from pathlib import Path

from tasks.nlp.entities import lemma_key
from tasks.nlp.models import load_models
from tasks.settings import LEXICON_DIR

OUT = LEXICON_DIR / "entity_types.csv"
FACILITY = "FACILITY"


def build(nerel_path: Path, min_count: int, min_share: float) -> list[dict]:
    morph_vocab = load_models().morph_vocab
    coarse: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    facilities: collections.Counter = collections.Counter()
    with open(nerel_path, encoding="utf-8") as lines:
        for line in lines:
            for entity in json.loads(line)["entities"]:
                if entity.get("coarse") in ("PER", "LOC", "ORG"):
                    coarse[lemma_key(entity["text"], morph_vocab)][entity["coarse"]] += 1
                elif entity["type"] == FACILITY:
                    facilities[lemma_key(entity["text"], morph_vocab)] += 1

    def agreed(key: str, types: collections.Counter) -> dict | None:
        (best, n), total = types.most_common(1)[0], sum(types.values())
        if key and total >= min_count and n / total >= min_share:
            return {"name_lemmas": key, "type": best, "support": total, "share": round(n / total, 3)}
        return None

    rows = {key: row for key, types in coarse.items() if (row := agreed(key, types))}
    # a facility's labels count as places beside the name's coarse labels
    rows |= {key: row for key, count in facilities.items()
             if key not in rows and (row := agreed(key, coarse[key] + collections.Counter(LOC=count)))}
    return [rows[key] for key in sorted(rows)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("nerel_train", type=Path)
    parser.add_argument("--min-count", type=int, default=3)
    parser.add_argument("--min-share", type=float, default=0.9)
    args = parser.parse_args()
    rows = build(args.nerel_train, args.min_count, args.min_share)
    with open(OUT, "w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=["name_lemmas", "type", "support", "share"])
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} names → {OUT}")


if __name__ == "__main__":
    main()
