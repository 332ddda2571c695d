"""DatesExtractor on date windows against whole sentences: same dates, CPU of each.

    python bench/date_windows.py

Every sentence of Lenta 1000 and NEREL train + dev (razdel's sentences) goes through
tasks.nlp.dates.find_explicit_dates both ways (the sentence prefilter on in both); prints the
sentences whose dates differ (none expected) and the CPU seconds of each pass. Exits quietly
when the corpora are absent.
"""
from __future__ import annotations

import json
import sys
import time

from corpus import LENTA_1000, SHARED
from natasha import DatesExtractor, MorphVocab
from razdel import sentenize

from tasks.nlp.dates import find_explicit_dates

NEREL = [SHARED / "corpora" / "nerel_train.jsonl", SHARED / "corpora" / "nerel_dev.jsonl"]


def main() -> None:
    if not LENTA_1000.exists():
        print(f"no corpus at {LENTA_1000}; nothing measured", file=sys.stderr)
        return
    texts = [line.strip() for line in LENTA_1000.open(encoding="utf-8") if line.strip()]
    for path in NEREL:
        if path.exists():
            texts += [json.loads(line)["text"] for line in path.open(encoding="utf-8")]
    sentences = [(i, s.start, s.text) for i, s in enumerate(s for text in texts for s in sentenize(text))]
    extractor = DatesExtractor(MorphVocab())
    cpu, found = {}, {}
    for windowed in (False, True):
        start = time.process_time()
        found[windowed] = find_explicit_dates(sentences, extractor, windowed=windowed)
        cpu[windowed] = time.process_time() - start
    differ = {m.sentence_index for m in set(found[False][0]) ^ set(found[True][0])}
    print(f"{len(texts)} texts, {len(sentences)} sentences, {len(found[False][0])} dates over whole sentences")
    print(f"  sentences whose dates differ: {len(differ)}; failures {len(found[False][1])} / {len(found[True][1])}")
    print(f"  CPU s: whole sentences {cpu[False]:.2f}, windows {cpu[True]:.2f} ({cpu[True] / cpu[False]:.2f}x)")


if __name__ == "__main__":
    main()
