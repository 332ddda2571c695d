"""Derive the event trigger lexicon from NEREL event annotations.

Every token of the training corpus is lemmatized with the same Natasha pipeline the product
uses; for each (lemma, part of speech) we count how often it occurs and how often it lies inside
a gold event trigger. Lemmas with enough support and precision become triggers; their event type
comes from the hand-curated table type_map.csv (lemma -> type), "other" when the table has none.
Rarer but precise lemmas are kept only when the table types them.

    python -m flows.maintain.build_lexicon --nerel ../shared/corpora/nerel_train.jsonl

Writes tasks/nlp/lexicon/triggers.csv and prints the candidates that the type table does not cover.
Annotated tokens are cached (--cache) because annotating the corpus takes minutes.
"""
from __future__ import annotations

import argparse
import csv
import json
from collections import Counter
from pathlib import Path

from tasks.settings import LEXICON_DIR

# Adjectives ("президентские выборы") only modify the noun that carries the event.
TRIGGER_POS = {"NOUN", "VERB", "PROPN"}
MIN_SUPPORT = 3          # times the lemma is inside a gold trigger
MIN_PRECISION = 0.25     # share of its occurrences that are triggers
# Rarer lemmas are kept when they are precise and the type table names their type.
MIN_SUPPORT_CURATED = 2
MIN_PRECISION_CURATED = 0.5


def annotate_corpus(nerel_path: Path, cache_path: Path) -> list[dict]:
    """One record per token: lemma, pos, rel, head lemma, whether it is inside a gold trigger."""
    if cache_path.exists():
        return [json.loads(line) for line in cache_path.open(encoding="utf-8")]
    from tasks.nlp.annotate import annotate
    from tasks.nlp.models import load_models

    models = load_models()
    records = []
    for line in nerel_path.open(encoding="utf-8"):
        doc_gold = json.loads(line)
        triggers = [(e["trigger"]["start"], e["trigger"]["stop"]) for e in doc_gold["events"]]
        doc = annotate(doc_gold["text"], models)
        for sentence in doc.sents:
            by_id = {t.id: t for t in sentence.tokens}
            for token in sentence.tokens:
                head = by_id.get(token.head_id)
                records.append({
                    "doc": doc_gold["id"],
                    "lemma": token.lemma,
                    "pos": token.pos,
                    "rel": token.rel,
                    "head_lemma": head.lemma if head else None,
                    "trigger": any(s < token.stop and token.start < e for s, e in triggers),
                })
    with cache_path.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return records


def trigger_statistics(records: list[dict]) -> list[dict]:
    occurrences: Counter = Counter()
    hits: Counter = Counter()
    for record in records:
        if record["pos"] not in TRIGGER_POS:
            continue
        key = (record["lemma"], record["pos"])
        occurrences[key] += 1
        hits[key] += record["trigger"]
    return [
        {"lemma": lemma, "pos": pos, "support": hits[(lemma, pos)],
         "occurrences": occurrences[(lemma, pos)],
         "precision": round(hits[(lemma, pos)] / occurrences[(lemma, pos)], 3)}
        for (lemma, pos) in occurrences
    ]


def read_type_map(path: Path = LEXICON_DIR / "type_map.csv") -> dict[str, dict]:
    with path.open(encoding="utf-8") as f:
        return {row["lemma"]: row for row in csv.DictReader(f)}


def build_triggers(stats: list[dict], type_map: dict[str, dict]) -> tuple[list[dict], list[dict]]:
    """(lexicon rows, candidates without a curated type)."""
    rows, unmapped = [], []
    for stat in sorted(stats, key=lambda s: (-s["support"], s["lemma"], s["pos"])):
        curated = type_map.get(stat["lemma"])
        derived = (stat["support"] >= MIN_SUPPORT and stat["precision"] >= MIN_PRECISION) or (
            curated is not None and stat["support"] >= MIN_SUPPORT_CURATED
            and stat["precision"] >= MIN_PRECISION_CURATED)
        if curated and curated["type"] == "none":
            continue                       # curated out: too ambiguous to be a trigger
        if derived:
            rows.append({**stat, "type": curated["type"] if curated else "other", "source": "nerel_train"})
            if not curated:
                unmapped.append(stat)
    known = {(r["lemma"], r["pos"]) for r in rows}
    stats_by_lemma = {}
    for stat in stats:
        stats_by_lemma.setdefault(stat["lemma"], []).append(stat)
    # Curated lemmas NEREL does not annotate (reporting verbs) or has too few examples of.
    for lemma, curated in sorted(type_map.items()):
        if curated["type"] == "none" or curated.get("pos") in (None, ""):
            continue
        if (lemma, curated["pos"]) in known:
            continue
        stat = next((s for s in stats_by_lemma.get(lemma, []) if s["pos"] == curated["pos"]),
                    {"support": 0, "occurrences": 0, "precision": 0.0})
        rows.append({"lemma": lemma, "pos": curated["pos"], "support": stat["support"],
                     "occurrences": stat["occurrences"], "precision": stat["precision"],
                     "type": curated["type"], "source": "curated"})
    return rows, unmapped


TRIGGER_COLUMNS = ["lemma", "pos", "type", "support", "occurrences", "precision", "source"]


def write_triggers(rows: list[dict], path: Path = LEXICON_DIR / "triggers.csv") -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=TRIGGER_COLUMNS, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(sorted(rows, key=lambda r: (r["type"], r["lemma"], r["pos"])))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nerel", type=Path, required=True)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/khronika_nerel_tokens.jsonl"))
    args = parser.parse_args(argv)
    records = annotate_corpus(args.nerel, args.cache)
    rows, unmapped = build_triggers(trigger_statistics(records), read_type_map())
    write_triggers(rows)
    print(f"{len(rows)} triggers written; {len(unmapped)} derived lemmas typed 'other':")
    for stat in unmapped:
        print(f"  {stat['lemma']:<20} {stat['pos']:<5} support={stat['support']} precision={stat['precision']}")


if __name__ == "__main__":
    main()
