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


def resolve_across_documents(articles: list[dict], mentions: list[dict], entities: list[dict]) -> dict[tuple, str]:
    """(article_id, start, stop) → entity_id after the load's cross-document resolution.

    The extracted rows go through the product's own staging and load (tasks/warehouse/load.py:
    redirects of partial names and spellings, as a `khronika run` of these articles would
    commit them) into a temporary warehouse; the ids are read back through its `mentions`
    view, which follows the redirects."""
    import hashlib
    import tempfile
    from pathlib import Path

    import duckdb
    import polars as pl

    from tasks.quality.validate import to_frame
    from tasks.warehouse.load import load_run
    from tasks.warehouse.runs import begin_run
    from tasks.warehouse.staging import Staging

    with tempfile.TemporaryDirectory(prefix="khronika-eval-") as tmp:
        db = Path(tmp) / "eval.duckdb"
        run_id = begin_run(db, flow_run_id=None, flow_name="eval", code_version="eval", extractor_version="eval",
                           model_versions={}, parameters={})
        staging = Staging(Path(tmp) / "staging")
        hashes = {a["article_id"]: hashlib.sha256(a["text"].encode()).hexdigest() for a in articles}
        staging.write("articles_history", to_frame("articles", [
            {"article_id": a["article_id"], "text": a["text"], "source_path": f"{a['article_id']}.txt",
             "content_hash": hashes[a["article_id"]]} for a in articles]), "eval")
        staging.write("extractions", pl.DataFrame({"article_id": list(hashes), "content_hash": list(hashes.values()),
                                                   "extractor_version": ["eval"] * len(hashes)}), "eval")
        staging.write("entities_history", to_frame("entities", entities).unique("entity_id", keep="first",
                                                                                 maintain_order=True), "eval")
        staging.write("mentions_history", to_frame("mentions", mentions), "eval")
        load_run(db, run_id, staging.tables(), {}, [])
        con = duckdb.connect(str(db), read_only=True)
        try:
            rows = con.execute("SELECT article_id, start, stop, entity_id FROM mentions").fetchall()
        finally:
            con.close()
    return {(article_id, start, stop): entity_id for article_id, start, stop, entity_id in rows}
