"""Entity identity on a corpus: inflected canonical names and split entities.

    python bench/entity_names.py [--corpus ../shared/corpora/lenta_1000.txt] [--limit N] [--dump FILE]

Extracts every article (annotation, mentions, in-article resolution) and prints, per type, how
many entities the corpus has and how many canonical names pymorphy does not read as nominative
(tasks/evaluation/names.py), with examples; --dump writes {name: mentions} per type as JSON so
two versions can be compared.
"""
from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

from corpus import LENTA_1000

from tasks.evaluation.names import reads_as_nominative
from tasks.nlp.annotate import annotate_many
from tasks.nlp.entities import resolve_mentions, spans_to_mentions
from tasks.nlp.models import load_models


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=LENTA_1000)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--dump", type=Path, default=None)
    args = parser.parse_args(argv)
    texts = [line.strip() for line in args.corpus.open(encoding="utf-8") if line.strip()][: args.limit]
    models = load_models()
    names: dict[str, Counter] = {"PER": Counter(), "LOC": Counter(), "ORG": Counter()}
    ids: dict[str, str] = {}
    began = time.perf_counter()
    for begin in range(0, len(texts), 32):
        for number, doc in enumerate(annotate_many(texts[begin:begin + 32], models), begin):
            mentions, entities = resolve_mentions(spans_to_mentions(doc, str(number), models), models, doc.text)
            names_of = {e["entity_id"]: e["name"] for e in entities}
            for mention in mentions:
                names[mention["type"]][names_of[mention["entity_id"]]] += 1
                ids[mention["entity_id"]] = mention["type"]
    elapsed = time.perf_counter() - began
    print(f"{len(texts)} articles in {elapsed:.1f} s; {len(ids)} entities")
    for entity_type, counter in names.items():
        inflected = [(n, c) for n, c in counter.most_common()
                     if not reads_as_nominative(n, entity_type, models.morph_vocab)]
        print(f"{entity_type}: {len(counter)} names, {len(inflected)} not nominative "
              f"({sum(c for _, c in inflected)} mentions); e.g. "
              + ", ".join(f"{n} ({c})" for n, c in inflected[:15]))
    if args.dump:
        args.dump.write_text(json.dumps(names, ensure_ascii=False, indent=0), encoding="utf-8")


if __name__ == "__main__":
    main()
