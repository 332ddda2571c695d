"""Mentions from NER spans, and their resolution to canonical entities.

Inside an article a partial person mention ("Путин", "Путина") takes the full name
("Владимир Путин") when exactly one full name in the article contains it. Across articles the
same type + canonical name gives the same entity_id, so ids are stable without shared state.
"""
from __future__ import annotations

import csv
import functools
import re
from collections.abc import Iterable

from natasha import Doc
from natasha.doc import DocFact

from tasks.nlp.ids import ContentIds, short_hash
from tasks.nlp.models import Models
from tasks.settings import LEXICON_DIR

ENTITY_TYPES_CSV = LEXICON_DIR / "entity_types.csv"


def name_key(name: str) -> str:
    """Comparison form of a name: case and ё/е differences do not make another entity."""
    return " ".join(name.replace("ё", "е").replace("Ё", "Е").casefold().split())


def entity_id_for(entity_type: str, name: str) -> str:
    return short_hash(entity_type, name_key(name))


@functools.cache
def entity_type_lexicon() -> dict[str, str]:
    """Names whose type NEREL annotators agree on (see flows/maintain/build_entity_types.py)."""
    with open(ENTITY_TYPES_CSV, encoding="utf-8") as rows:
        return {row["name_lemmas"]: row["type"] for row in csv.DictReader(rows)}


def corrected_type(text: str, ner_type: str, models: Models) -> str:
    """The tagger's type, unless the name is one whose type the lexicon knows better."""
    return entity_type_lexicon().get(lemma_key(text, models.morph_vocab), ner_type)


# "ОАО «Газпром»" names the organisation "Газпром": the legal form and quotes are not the name.
QUOTED_NAME = re.compile(
    r"^(?:ОАО|ЗАО|ООО|ПАО|АО|ГУП|ФГУП|МУП|НКО|РИА|ИА|ТК|концерн|компания|корпорация|группа)\s+[«\"„](.+?)[»\"“]$",
    re.IGNORECASE,
)
# "Комитет защиты журналистов (КЗЖ)": the full name and the abbreviation are two mentions.
NAME_WITH_ABBREVIATION = re.compile(r"^(.+?)\s+\(([^()]+)\)$")


def split_span(text: str, entity_type: str) -> list[tuple[int, int]]:
    """Offsets, relative to the span, of the names a tagged span holds."""
    if entity_type == "ORG" and (match := QUOTED_NAME.match(text)):
        return [match.span(1)]
    if entity_type in ("ORG", "LOC") and (match := NAME_WITH_ABBREVIATION.match(text)):
        return [match.span(1), match.span(2)]
    return [(0, len(text))]


def _part_normal(span_normal: str, span_text: str, part: str) -> str:
    """Normal form of a part of a span: its counterpart in the span's normal form, if it has one."""
    span_parts = [span_normal[a:b] for a, b in split_span(span_normal, "ORG")] if span_normal else []
    text_parts = [span_text[a:b] for a, b in split_span(span_text, "ORG")]
    if len(span_parts) == len(text_parts) and part in text_parts:
        return span_parts[text_parts.index(part)]
    return part


def _mention(article_id: str, start: int, stop: int, entity_type: str, text: str, normal: str,
             sentence_index: int, name_parts: dict | None = None) -> dict:
    name_parts = name_parts or {}
    return {
        "article_id": article_id,
        "start": start,
        "stop": stop,
        "type": entity_type,
        "text": text,
        "normal": normal or text,
        "first_name": name_parts.get("first"),
        "last_name": name_parts.get("last"),
        "middle_name": name_parts.get("middle"),
        "sentence_index": sentence_index,
    }


def spans_to_mentions(doc: Doc, article_id: str, models: Models) -> list[dict]:
    """Mentions from NER spans: types checked against the lexicon, compound spans split,
    normal forms, and for people the name parts."""
    mentions = []
    for sentence_index, sentence in enumerate(doc.sents):
        for span in sentence.spans:
            span_type = corrected_type(span.text, span.type, models)
            parts = split_span(span.text, span_type)
            if len(parts) > 1 or parts[0] != (0, len(span.text)):
                for a, b in parts:
                    text = span.text[a:b]
                    mentions.append(_mention(
                        article_id, span.start + a, span.start + b, corrected_type(text, span_type, models),
                        text, _part_normal(span.normal, span.text, text), sentence_index))
                continue
            name_parts = person_name_parts(span.normal, models.names_extractor) if span_type == "PER" else None
            mentions.append(_mention(article_id, span.start, span.stop, span_type, span.text, span.normal,
                                     sentence_index, name_parts))
    return with_mention_ids(mentions, doc.text, article_id)


def with_mention_ids(mentions: list[dict], text: str, article_id: str) -> list[dict]:
    """Content-stable ids (tasks/nlp/ids.py): an edit elsewhere in the article keeps them."""
    ids = ContentIds(article_id, text)
    return [{"mention_id": ids(f"mention:{m['type']}", m["start"], m["stop"]), **m}
            for m in sorted(mentions, key=lambda m: (m["start"], m["stop"]))]


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


@functools.lru_cache(maxsize=20_000)  # bounded: a long run meets ever more names
def person_name_parts(normal: str, names_extractor) -> dict | None:
    """First / last / middle name of a person's normal form, as natasha's span.extract_fact
    finds them; memoised, since news repeats the same names (the extractor is slow)."""
    match = names_extractor.find(normal) if normal else None
    return DocFact(list(match.fact.slots)).as_dict if match else None


@functools.lru_cache(maxsize=50_000)
def _word_lemma(word: str, morph_vocab) -> str:
    forms = morph_vocab(word)
    return forms[0].normal if forms else word


def lemma_key(text: str, morph_vocab) -> str:
    """A name as lowercase lemmas: "Европейского союза" → "европейский союз"."""
    return " ".join(_word_lemma(word, morph_vocab) for word in re.findall(r"\w+", text.casefold().replace("ё", "е")))
