"""Mentions from NER spans, and their resolution to canonical entities.

Inside an article a partial person mention ("Путин", "Путина") takes the full name
("Владимир Путин") when exactly one full name in the article contains it. Across articles the
same type + canonical name gives the same entity_id, so ids are stable without shared state.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable

from natasha import Doc

from tasks.nlp import Models

MENTION_COLUMNS = [
    "mention_id", "article_id", "start", "stop", "type", "text", "normal",
    "first_name", "last_name", "middle_name", "entity_id", "sentence_index",
]
ENTITY_COLUMNS = ["entity_id", "type", "name"]


def short_hash(*parts: object) -> str:
    digest = hashlib.sha1("\x1f".join(str(part) for part in parts).encode("utf-8"))
    return digest.hexdigest()[:16]


def name_key(name: str) -> str:
    """Comparison form of a name: case and ё/е differences do not make another entity."""
    return " ".join(name.replace("ё", "е").replace("Ё", "Е").casefold().split())


def entity_id_for(entity_type: str, name: str) -> str:
    return short_hash(entity_type, name_key(name))


def spans_to_mentions(doc: Doc, article_id: str, models: Models) -> list[dict]:
    """One mention per NER span, with its normal form and, for people, name parts."""
    mentions = []
    for sentence_index, sentence in enumerate(doc.sents):
        for span in sentence.spans:
            first = last = middle = None
            if span.type == "PER":
                span.extract_fact(models.names_extractor)
                if span.fact is not None:
                    parts = span.fact.as_dict
                    first, last, middle = parts.get("first"), parts.get("last"), parts.get("middle")
            mentions.append({
                "mention_id": short_hash(article_id, span.start, span.stop, span.type),
                "article_id": article_id,
                "start": span.start,
                "stop": span.stop,
                "type": span.type,
                "text": span.text,
                "normal": span.normal or span.text,
                "first_name": first,
                "last_name": last,
                "middle_name": middle,
                "sentence_index": sentence_index,
            })
    return mentions


def resolve_people(normals: Iterable[str]) -> dict[str, str]:
    """Map each person name to the one longer name of the article that contains all its words.

    A name whose words fit several longer names ("Алиев" beside "Ильхам Алиев" and
    "Гейдар Алиев") is ambiguous and stays as it is.
    """
    names = {name_key(n): n for n in normals}
    words = {key: frozenset(key.split()) for key in names}
    resolved = {}
    for key, name in names.items():
        containing = {other for other, other_words in words.items()
                      if words[key] < other_words}
        # Keep only the longest: "Путин" ⊂ "Владимир Путин" ⊂ "Владимир Владимирович Путин".
        maximal = {c for c in containing if not any(words[c] < words[o] for o in containing)}
        resolved[name] = names[maximal.pop()] if len(maximal) == 1 else name
    return resolved


def resolve_mentions(mentions: list[dict]) -> tuple[list[dict], list[dict]]:
    """Attach entity_id to every mention; return (mentions, entities of this article)."""
    people = resolve_people(m["normal"] for m in mentions if m["type"] == "PER")
    entities: dict[str, dict] = {}
    resolved = []
    for mention in mentions:
        name = people.get(mention["normal"], mention["normal"]) if mention["type"] == "PER" else mention["normal"]
        entity_id = entity_id_for(mention["type"], name)
        entities.setdefault(entity_id, {"entity_id": entity_id, "type": mention["type"], "name": name})
        resolved.append({**mention, "entity_id": entity_id})
    return resolved, list(entities.values())
