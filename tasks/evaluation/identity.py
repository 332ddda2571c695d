"""Entity identity across documents: B-cubed of entity_id against NEREL's Wikidata ids.

Only mentions both sides found count: a predicted mention whose span equals a gold entity
mention of a PER / LOC / ORG with a Wikidata id. For each such mention, precision is the share
of mentions with its entity_id that carry its Wikidata id, recall the share of mentions with its
Wikidata id that carry its entity_id (Bagga & Baldwin's B-cubed, over all documents at once, so
an entity split across articles costs recall and namesakes merged cost precision).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable


def gold_identities(nerel_doc: dict) -> dict[tuple[int, int], str]:
    """(start, stop) → Wikidata id of the document's gold person, place and organisation mentions."""
    return {(e["start"], e["stop"]): e["wikidata"] for e in nerel_doc["entities"]
            if e.get("coarse") in ("PER", "LOC", "ORG") and e.get("wikidata") not in (None, "", "NULL")}


def bcubed(pairs: Iterable[tuple[str, str]]) -> dict:
    """B-cubed precision, recall and F1 of (predicted cluster, gold cluster) pairs, one per mention."""
    pairs = list(pairs)
    if not pairs:
        return {"precision": 0.0, "recall": 0.0, "f1": 0.0, "mentions": 0}
    both, predicted, gold = Counter(pairs), Counter(p for p, _ in pairs), Counter(g for _, g in pairs)
    precision = sum(both[(p, g)] / predicted[p] for p, g in pairs) / len(pairs)
    recall = sum(both[(p, g)] / gold[g] for p, g in pairs) / len(pairs)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "mentions": len(pairs)}


def matched_pairs(mentions: Iterable[dict], gold: dict[tuple[int, int], str]) -> list[tuple[str, str]]:
    return [(m["entity_id"], gold[(m["start"], m["stop"])]) for m in mentions if (m["start"], m["stop"]) in gold]
