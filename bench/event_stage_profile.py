"""Where a worker's CPU goes per article, with the learned event models and with the rules alone.

    python bench/event_stage_profile.py [--limit 300] [--profile 25]

The first --limit Lenta articles are annotated as a worker does (tasks/nlp/extract.annotated,
ANNOTATE_CHUNK articles at a time), then each article's entities and events are extracted twice
in this process, with the models and without them. Prints CPU (process time) per article of each
stage and the learned / rules ratio of the whole worker path (annotation included), then, with
--profile N, the N functions of the learned event stage with the most cumulative time (cProfile).
The machine is shared: compare numbers within one run.
"""
from __future__ import annotations

import argparse
import cProfile
import dataclasses
import io
import pstats
import time
from pathlib import Path

import polars as pl
from corpus import LENTA_1000

from tasks.nlp.entities import resolve_mentions, spans_to_mentions
from tasks.nlp.events.extract import extract_events
from tasks.nlp.extract import annotated
from tasks.nlp.models import load_models
from tasks.nlp.pool import one_math_thread


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=LENTA_1000)
    parser.add_argument("--limit", type=int, default=300)
    parser.add_argument("--profile", type=int, default=0, metavar="N",
                        help="print the N functions of the learned event stage with most cumulative time")
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        print(f"no corpus at {args.corpus}; nothing measured")
        return
    one_math_thread()                     # as in a worker
    with args.corpus.open(encoding="utf-8") as lines:
        texts = [line.strip() for line in lines if line.strip()][: args.limit]
    learned = load_models()
    rules = dataclasses.replace(learned, events=None)

    start = time.process_time()
    docs = list(annotated(pl.Series(texts), learned))
    annotate_cpu = time.process_time() - start
    start = time.process_time()
    mentions = []
    for number, doc in enumerate(docs):
        mentions.append(resolve_mentions(spans_to_mentions(doc, f"lenta-{number}", learned), learned, doc.text)[0])
    entity_cpu = time.process_time() - start

    cpu = {}
    profiler = cProfile.Profile()
    counts = {}
    for name, models in (("rules", rules), ("learned", learned), ("rules again", rules)):
        events = arguments = 0
        start = time.process_time()
        if name == "learned" and args.profile:
            profiler.enable()
        for number, (doc, found) in enumerate(zip(docs, mentions)):
            article = {"article_id": f"lenta-{number}", "text": texts[number], "published_at": None}
            result = extract_events(doc, article, found, models)
            events += len(result[0])
            arguments += len(result[1])
        profiler.disable()
        cpu[name] = time.process_time() - start
        counts[name] = (events, arguments)
    n = len(texts)
    rules_events = (cpu["rules"] + cpu["rules again"]) / 2
    print(f"{n} articles of {args.corpus.name}, CPU ms per article:")
    print(f"  annotation {1000 * annotate_cpu / n:.1f}, entities {1000 * entity_cpu / n:.1f}")
    print(f"  events, rules {1000 * cpu['rules'] / n:.1f} / {1000 * cpu['rules again'] / n:.1f} "
          f"({counts['rules'][0]} events, {counts['rules'][1]} arguments)")
    print(f"  events, learned {1000 * cpu['learned'] / n:.1f} ({counts['learned'][0]} events, "
          f"{counts['learned'][1]} arguments): +{1000 * (cpu['learned'] - rules_events) / n:.1f} ms")
    shared = annotate_cpu + entity_cpu
    print(f"  worker path learned / rules: {(shared + cpu['learned']) / (shared + rules_events):.3f}")
    if args.profile:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(args.profile)
        print(out.getvalue())


if __name__ == "__main__":
    main()
