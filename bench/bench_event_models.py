"""Cost and effect of the learned event models against the rules alone, in one process.

    python bench/bench_event_models.py [--corpus ../shared/corpora/lenta_1000.txt] [--limit 100]

Per Lenta article: CPU seconds (process time) of the whole extraction (annotation, entities,
events) with the rules alone and with the models, as a ratio; resident memory the model files
add to a worker; and the share of non-statement events that name a participant linked to an
entity (issue 12's Lenta measure). The machine is shared: compare within one run.
"""
from __future__ import annotations

import argparse
import dataclasses
import time
from pathlib import Path

import psutil
from corpus import LENTA_1000

from tasks.nlp.annotate import annotate
from tasks.nlp.entities import resolve_mentions, spans_to_mentions
from tasks.nlp.events.extract import extract_events
from tasks.nlp.events.learned import EventModels, load_model_files
from tasks.nlp.models import load_models


def linked_share(events: list[dict], arguments: list[dict]) -> tuple[int, int]:
    linked = {a["event_id"] for a in arguments
              if a["role"] in ("participant", "target") and a["entity_id"] is not None}
    scored = [e for e in events if e["type"] != "statement"]
    return sum(e["event_id"] in linked for e in scored), len(scored)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=LENTA_1000)
    parser.add_argument("--limit", type=int, default=100)
    args = parser.parse_args(argv)
    texts = [line.strip() for line in args.corpus.open(encoding="utf-8") if line.strip()][: args.limit]
    process = psutil.Process()
    rules = load_models(events=False)
    annotate(texts[0], rules)                                   # warm-up
    before = process.memory_info().rss
    learned = dataclasses.replace(rules, events=EventModels(*load_model_files(), rules.embedding))
    loaded = process.memory_info().rss

    cpu = {"rules": 0.0, "learned": 0.0}
    shares = {"rules": [0, 0], "learned": [0, 0]}
    for number, text in enumerate(texts):
        article = {"article_id": f"lenta-{number}", "text": text, "published_at": None}
        start = time.process_time()
        doc = annotate(text, rules)
        mentions, _ = resolve_mentions(spans_to_mentions(doc, article["article_id"], rules), rules, doc.text)
        shared = time.process_time() - start
        for name, models in (("rules", rules), ("learned", learned)):
            start = time.process_time()
            events, arguments, _ = extract_events(doc, article, mentions, models)
            cpu[name] += shared + time.process_time() - start
            linked, total = linked_share(events, arguments)
            shares[name][0] += linked
            shares[name][1] += total
    n = len(texts)
    print(f"{n} articles from {args.corpus.name}")
    for name in ("rules", "learned"):
        linked, total = shares[name]
        print(f"  {name:<8} CPU {1000 * cpu[name] / n:7.1f} ms/article; non-statement events with a linked "
              f"participant {linked}/{total} = {linked / max(total, 1):.3f}")
    print(f"  CPU ratio learned/rules: {cpu['learned'] / cpu['rules']:.3f} (budget <= 1.15)")
    print(f"  RSS: model files add {(loaded - before) / 2**20:.0f} MB (budget <= 150 MB); "
          f"after the run {process.memory_info().rss / 2**20:.0f} MB")


if __name__ == "__main__":
    main()
