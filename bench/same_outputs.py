"""Whether a change to the extractor keeps its outputs: dump, then compare, every row of the first
--limit Lenta articles (mentions, entities, events, event arguments, warnings).

    python bench/same_outputs.py dump before.pkl [--limit 400]
    (change the code)
    python bench/same_outputs.py dump after.pkl && python bench/same_outputs.py compare before.pkl after.pkl
    python bench/same_outputs.py compare before.pkl after.pkl --ignore confidence   # a column added

Articles are annotated and extracted as a worker does (tasks/nlp/extract.annotated, extract_article).
"""
from __future__ import annotations

import argparse
import pickle
import sys
from pathlib import Path

import polars as pl
from corpus import LENTA_1000

from tasks.nlp.extract import annotated, extract_article
from tasks.nlp.models import load_models
from tasks.nlp.pool import one_math_thread

TABLES = ("mentions", "entities", "events", "event_arguments", "warnings")


def dump(path: Path, limit: int) -> None:
    one_math_thread()
    with LENTA_1000.open(encoding="utf-8") as lines:
        texts = [line.strip() for line in lines if line.strip()][:limit]
    models = load_models()
    rows = {table: [] for table in TABLES}
    for number, doc in enumerate(annotated(pl.Series(texts), models)):
        result = extract_article({"article_id": f"lenta-{number}", "text": texts[number], "published_at": None},
                                 models, doc)
        for table in TABLES:
            rows[table].extend(getattr(result, table))
    path.write_bytes(pickle.dumps(rows))
    print(f"{len(texts)} articles: " + ", ".join(f"{len(rows[t])} {t}" for t in TABLES))


def compare(before: Path, after: Path, ignore: tuple[str, ...] = ()) -> int:
    """Tables whose rows differ, the `ignore` columns left out of both sides."""
    old, new = pickle.loads(before.read_bytes()), pickle.loads(after.read_bytes())
    differ = 0
    for table in TABLES:
        same = [{k: v for k, v in row.items() if k not in ignore} for row in old[table]] \
            == [{k: v for k, v in row.items() if k not in ignore} for row in new[table]]
        differ += not same
        print(f"{table}: {len(old[table])} / {len(new[table])} rows, {'same' if same else 'DIFFER'}")
    return differ


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["dump", "compare"])
    parser.add_argument("paths", type=Path, nargs="+")
    parser.add_argument("--limit", type=int, default=400)
    parser.add_argument("--ignore", action="append", default=[], metavar="COLUMN",
                        help="compare without this column (one the change added); repeatable")
    args = parser.parse_args(argv)
    if not LENTA_1000.exists():
        print(f"no corpus at {LENTA_1000}; nothing compared")
        return 0
    if args.command == "dump":
        dump(args.paths[0], args.limit)
        return 0
    return 1 if compare(*args.paths[:2], tuple(args.ignore)) else 0


if __name__ == "__main__":
    sys.exit(main())
