"""Throughput cost of event extraction (triggers, arguments, dates) per article.

    python bench/bench_events.py [--corpus ../shared/corpora/lenta_1000.txt] [--limit 200]

Times, per article, the Natasha annotation, entity resolution and the event stage, and the
DatesExtractor pass with and without the digit / month-name sentence prefilter. The machine is
shared and noisy: compare the stages within one run, not across runs.
"""
from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from corpus import LENTA_1000

from tasks.nlp.annotate import annotate
from tasks.nlp.dates import find_explicit_dates
from tasks.nlp.entities import resolve_mentions, spans_to_mentions
from tasks.nlp.events.extract import extract_events
from tasks.nlp.models import load_models


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=LENTA_1000)
    parser.add_argument("--limit", type=int, default=200)
    args = parser.parse_args(argv)
    texts = [line.strip() for line in args.corpus.open(encoding="utf-8") if line.strip()][: args.limit]
    models = load_models()
    annotate(texts[0], models)                          # warm-up

    timings = {"annotate": [], "entities": [], "events": [], "dates_prefiltered": [], "dates_every_sentence": []}
    counts = {"events": 0, "arguments": 0, "dated": 0, "warnings": 0, "sentences": 0, "scanned": 0}
    for number, text in enumerate(texts):
        article = {"article_id": f"lenta-{number}", "text": text, "published_at": None}
        start = time.perf_counter()
        doc = annotate(text, models)
        annotated = time.perf_counter()
        mentions, _ = resolve_mentions(spans_to_mentions(doc, article["article_id"], models), models, doc.text)
        resolved = time.perf_counter()
        events, arguments, warnings = extract_events(doc, article, mentions, models)
        done = time.perf_counter()
        timings["annotate"].append(annotated - start)
        timings["entities"].append(resolved - annotated)
        timings["events"].append(done - resolved)
        counts["events"] += len(events)
        counts["arguments"] += len(arguments)
        counts["dated"] += sum(e["event_date"] is not None for e in events)
        counts["warnings"] += len(warnings)

        sentences = [(i, s.start, s.text) for i, s in enumerate(doc.sents)]
        calls = []

        def counting(sentence_text):
            calls.append(1)
            return models.dates_extractor(sentence_text)

        start = time.perf_counter()
        find_explicit_dates(sentences, counting, prefilter=True)
        timings["dates_prefiltered"].append(time.perf_counter() - start)
        counts["sentences"] += len(sentences)
        counts["scanned"] += len(calls)
        start = time.perf_counter()
        find_explicit_dates(sentences, models.dates_extractor, prefilter=False)
        timings["dates_every_sentence"].append(time.perf_counter() - start)

    n = len(texts)
    print(f"{n} articles from {args.corpus.name}")
    for stage, values in timings.items():
        print(f"  {stage:<22} mean {1000 * statistics.mean(values):7.2f} ms/article   "
              f"median {1000 * statistics.median(values):7.2f} ms")
    without = sum(timings["annotate"]) + sum(timings["entities"])
    with_events = without + sum(timings["events"])
    print(f"  extract_article without events: {n / without:6.1f} articles/s")
    print(f"  extract_article with events:    {n / with_events:6.1f} articles/s "
          f"(events add {100 * sum(timings['events']) / without:.1f}%)")
    print(f"  dates prefilter: {counts['scanned']} of {counts['sentences']} sentences scanned, "
          f"{sum(timings['dates_every_sentence']) / max(sum(timings['dates_prefiltered']), 1e-9):.1f}x faster")
    print(f"  events {counts['events']} ({counts['events'] / n:.1f}/article), dated {counts['dated']}, "
          f"arguments {counts['arguments']}, warnings {counts['warnings']}")


if __name__ == "__main__":
    main()
