"""Event extraction (triggers, arguments, dates). Filled in by the events stage."""
from __future__ import annotations

from natasha import Doc

from tasks.nlp import Models


def extract_events(doc: Doc, article: dict, mentions: list[dict], models: Models):
    """Return (events, event_arguments, warnings) for one annotated article."""
    return [], [], []
