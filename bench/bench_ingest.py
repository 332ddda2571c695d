"""Discover + ingest throughput on the Lenta corpus in each input format.

    python bench/bench_ingest.py [--copies N]

Writes lenta_1000.txt from ../shared/corpora (or $KHRONIKA_SHARED/corpora), one article per
line, as JSONL, gzipped JSONL, CSV in the Lenta dump layout, cp1251 JSONL and one .txt file per
article into a temporary folder, then times discover() and ingest_file() over each. Exits quietly
when the corpus is absent.
"""
from __future__ import annotations

import argparse
import csv
import gzip
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

from corpus import LENTA_1000 as CORPUS

from tasks.ingest.discover import discover
from tasks.ingest.read_file import ingest_file
from tasks.settings import Limits


def write_inputs(texts: list[str], folder: Path) -> dict[str, Path]:
    records = [{"id": n, "text": text} for n, text in enumerate(texts)]
    lines = "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)
    inputs = {name: folder / name for name in ("jsonl", "jsonl.gz", "csv", "cp1251", "txt")}
    inputs["jsonl"].mkdir(parents=True)
    (inputs["jsonl"] / "lenta.jsonl").write_text(lines, encoding="utf-8")
    inputs["jsonl.gz"].mkdir()
    (inputs["jsonl.gz"] / "lenta.jsonl.gz").write_bytes(gzip.compress(lines.encode("utf-8")))
    inputs["cp1251"].mkdir()
    (inputs["cp1251"] / "lenta.jsonl").write_bytes(lines.encode("cp1251", errors="replace"))
    inputs["csv"].mkdir()
    with open(inputs["csv"] / "lenta.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["url", "title", "text", "topic", "tags", "date"])
        for n, text in enumerate(texts):
            writer.writerow([f"https://lenta.ru/news/{n}/", "", text, "", "", "2009/05/13"])
    inputs["txt"].mkdir()
    for n, text in enumerate(texts):
        (inputs["txt"] / f"{n:05d}.txt").write_text(text, encoding="utf-8")
    return inputs


def measure(folder: Path, limits: Limits) -> tuple[int, float]:
    started = time.perf_counter()
    articles = sum(len(ingest_file(file, limits).articles) for file in discover([folder], limits))
    return articles, time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=1, help="repeat the corpus N times")
    args = parser.parse_args()
    if not CORPUS.exists():
        print(f"skipped: {CORPUS} not found")
        return 0
    texts = [line for line in CORPUS.read_text(encoding="utf-8").split("\n") if line.strip()]
    texts *= args.copies
    limits = Limits()
    with tempfile.TemporaryDirectory() as tmp:
        for name, folder in write_inputs(texts, Path(tmp)).items():
            articles, seconds = measure(folder, limits)
            print(f"{name:9} {articles:6d} articles  {seconds:6.2f} s  {articles / seconds:8.0f} articles/s")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
