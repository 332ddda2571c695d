"""Which events the sense rows (tasks/nlp/lexicon/senses.csv) retype or remove, and in what sentence.

    python bench/event_senses.py [FILE] [--limit N] [--lemma L ...]

FILE is a NEREL-format .jsonl (its gold triggers are marked) or a text file with one article per
line (default: the Lenta corpus). Every article is extracted twice, without and with the sense
rows, and each event whose type differs is printed: lemma, type before -> after ("none": removed),
whether a gold trigger overlaps it (NEREL only), and its sentence. The last lines count the changes
by lemma and kind. Read the list by hand before and after editing senses.csv.
"""
from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from corpus import LENTA_1000


def articles(path: Path, limit: int | None) -> list[dict]:
    out = []
    with path.open(encoding="utf-8") as f:
        for number, line in enumerate(f):
            if limit is not None and len(out) >= limit:
                break
            if not line.strip():
                continue
            if path.suffix == ".jsonl":
                doc = json.loads(line)
                gold = [(e["trigger"]["start"], e["trigger"]["stop"]) for e in doc.get("events", [])]
                out.append({"article_id": str(doc["id"]), "text": doc["text"], "gold": gold})
            else:
                out.append({"article_id": f"line{number + 1}", "text": line.strip(), "gold": None})
    return out


def events_by_trigger(article: dict, models, senses: bool) -> dict[tuple[int, int], dict]:
    from tasks.nlp.annotate import annotate
    from tasks.nlp.events import extract
    from tasks.nlp.extract import extract_article

    real = extract.with_senses
    if not senses:
        extract.with_senses = lambda tree, triggers, lexicon: triggers
    try:
        result = extract_article({"article_id": article["article_id"], "text": article["text"],
                                  "published_at": None, "title": None}, models, annotate(article["text"], models))
    finally:
        extract.with_senses = real
    return {(e["trigger_start"], e["trigger_stop"]): e for e in result.events}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file", nargs="?", type=Path, default=LENTA_1000)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--lemma", nargs="*", default=None, help="only these trigger lemmas")
    args = parser.parse_args()
    from tasks.nlp.models import load_models

    models = load_models()
    changes: Counter = Counter()
    for article in articles(args.file, args.limit):
        before = events_by_trigger(article, models, senses=False)
        after = events_by_trigger(article, models, senses=True)
        for span, event in sorted(before.items()):
            now = after.get(span)
            new_type = now["type"] if now is not None else "none"
            if new_type == event["type"] or args.lemma and event["trigger_lemma"] not in args.lemma:
                continue
            gold = "" if article["gold"] is None else \
                (" gold" if any(s < span[1] and span[0] < e for s, e in article["gold"]) else " -")
            sentence = article["text"][event["sentence_start"]:event["sentence_stop"]].replace("\n", " ")
            print(f"{event['trigger_lemma']}: {event['type']} -> {new_type}{gold} | {sentence[:200]}")
            changes[(event["trigger_lemma"], event["type"], new_type)] += 1
    print()
    for (lemma, old, new), count in changes.most_common():
        print(f"{count:5d}  {lemma}: {old} -> {new}")


if __name__ == "__main__":
    main()
