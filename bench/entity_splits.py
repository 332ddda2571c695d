"""Which people, places and organisations of a NEREL file stay split over several entities.

    python bench/entity_splits.py ../shared/corpora/nerel_train.jsonl [--top 80]

Extracts every document, loads the mentions through the product's load (as `khronika eval` does
for its B-cubed line "after load") and prints, for each gold Wikidata id whose matched mentions
carry more than one entity_id, the entities' names, types and mention counts, most mentions
outside the largest part first. The list is where the B-cubed recall after load is lost.
"""
from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from pathlib import Path

from tasks.evaluation.evaluate import read_jsonl
from tasks.evaluation.identity import gold_identities, resolve_across_documents
from tasks.nlp.annotate import annotate
from tasks.nlp.extract import extract_article
from tasks.nlp.models import load_models


def split_clusters(path: Path) -> list[tuple[int, str, list[tuple[str, str, int]]]]:
    models = load_models()
    articles, mentions, entities, golds = [], [], [], {}
    for gold_doc in read_jsonl(path, None):
        article = {"article_id": str(gold_doc["id"]), "text": gold_doc["text"], "published_at": None, "title": None}
        result = extract_article(article, models, annotate(article["text"], models))
        golds[article["article_id"]] = gold_identities(gold_doc)
        articles.append(article)
        mentions.extend(result.mentions)
        entities.extend(result.entities)
    resolved = resolve_across_documents(articles, mentions, entities)
    names = {e["entity_id"]: (e["name"], e["type"]) for e in entities}
    clusters: dict[str, Counter] = defaultdict(Counter)
    for mention in mentions:
        wikidata = golds[mention["article_id"]].get((mention["start"], mention["stop"]))
        if wikidata:
            key = (mention["article_id"], mention["start"], mention["stop"])
            clusters[wikidata][resolved.get(key, mention["entity_id"])] += 1
    found = []
    for wikidata, parts in clusters.items():
        if len(parts) > 1:
            outside = sum(parts.values()) - max(parts.values())
            found.append((outside, wikidata, [(*names.get(e, (e, "?")), n) for e, n in parts.most_common()]))
    return sorted(found, reverse=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("nerel", type=Path)
    parser.add_argument("--top", type=int, default=80)
    args = parser.parse_args()
    found = split_clusters(args.nerel)
    print(f"{len(found)} gold entities split; mentions outside their largest part: {sum(f[0] for f in found)}")
    for outside, wikidata, parts in found[:args.top]:
        print(outside, wikidata, "; ".join(f"{name} ({entity_type}, {n})" for name, entity_type, n in parts))


if __name__ == "__main__":
    main()
