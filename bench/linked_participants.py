"""Share of events (statements aside) with a participant linked to an entity, on Lenta news.

    python bench/linked_participants.py [--corpus ../shared/corpora/lenta_1000.txt] [--limit 400]

Extracts the first --limit articles of the corpus (issue 12 measures 400) and prints how many
events, statements left out as in `khronika eval`, have a participant or target with an
entity_id, and how many have only a participant named by a noun with no entity ("полицейские").
Exits quietly when the corpus is absent.
"""
from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

from corpus import LENTA_1000

from tasks.evaluation.scoring import UNSCORED_TYPES
from tasks.nlp.annotate import annotate_many
from tasks.nlp.extract import ANNOTATE_CHUNK, extract_article
from tasks.nlp.models import load_models

ACTOR_ROLES = {"participant", "target"}


def linked_share(events: list[dict], arguments: list[dict]) -> dict:
    """Events scored (statements aside), those with an entity participant, those with a
    participant named only by its text."""
    roles: dict[str, list[dict]] = defaultdict(list)
    for argument in arguments:
        if argument["role"] in ACTOR_ROLES:
            roles[argument["event_id"]].append(argument)
    scored = [e for e in events if e["type"] not in UNSCORED_TYPES]
    linked = sum(any(a["entity_id"] for a in roles[e["event_id"]]) for e in scored)
    text_only = sum(bool(roles[e["event_id"]]) and not any(a["entity_id"] for a in roles[e["event_id"]])
                    for e in scored)
    return {"events": len(scored), "linked": linked, "text_only": text_only}


def annotated_articles(corpus: Path, limit: int, models) -> tuple[list[str], list]:
    """The first `limit` articles of a one-article-per-line corpus and their Natasha docs,
    annotated in chunks as a worker does."""
    with corpus.open(encoding="utf-8") as lines:
        texts = [line.strip() for line in lines if line.strip()][:limit]
    docs = [doc for begin in range(0, len(texts), ANNOTATE_CHUNK)
            for doc in annotate_many(texts[begin:begin + ANNOTATE_CHUNK], models)]
    return texts, docs


def extracted_share(texts: list[str], docs: list, models) -> dict:
    """linked_share of what the extractor gives for these articles."""
    events, arguments = [], []
    for number, (text, doc) in enumerate(zip(texts, docs)):
        article = {"article_id": f"lenta-{number}", "text": text, "published_at": None, "title": None}
        result = extract_article(article, models, doc)
        events.extend(result.events)
        arguments.extend(result.event_arguments)
    return linked_share(events, arguments)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=LENTA_1000)
    parser.add_argument("--limit", type=int, default=400)
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        print(f"no corpus at {args.corpus}; nothing measured", file=sys.stderr)
        return
    models = load_models()
    texts, docs = annotated_articles(args.corpus, args.limit, models)
    share = extracted_share(texts, docs, models)
    n = share["events"]
    print(f"{len(texts)} articles from {args.corpus.name}: {n} events (statements aside)")
    print(f"  with a participant linked to an entity: {share['linked']} ({share['linked'] / max(n, 1):.3f})")
    print(f"  with only a participant named by a noun: {share['text_only']} ({share['text_only'] / max(n, 1):.3f})")


if __name__ == "__main__":
    main()
