"""Everything Natasha gives us for one article: mentions, entities, events, warnings.

A failure inside one extractor is isolated to the smallest piece of text it works on and
recorded as a warning; the article keeps all its other outputs.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from tasks.entities import resolve_mentions, spans_to_mentions
from tasks.events import extract_events
from tasks.nlp import Models, annotate


@dataclass
class Extraction:
    mentions: list[dict] = field(default_factory=list)
    entities: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)
    event_arguments: list[dict] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)   # {article_id, stage, sentence_index, error}


def extract_article(article: dict, models: Models) -> Extraction:
    doc = annotate(article["text"], models)
    mentions, entities = resolve_mentions(spans_to_mentions(doc, article["article_id"], models))
    events, arguments, warnings = extract_events(doc, article, mentions, models)
    return Extraction(mentions, entities, events, arguments, warnings)
