"""Content-stable ids for the spans of an article (mentions, event triggers).

An id hashes the article, what the span is (its kind and type), its text and its local context:
the characters around it up to CONTEXT_CHARS on each side, never past a line break (a paragraph
boundary). Absolute offsets are not part of it, so editing one paragraph keeps the ids of every
span elsewhere in the article, and `run_diff` lists only what really changed. Two spans with the
same text and the same context are told apart by their order of appearance.
"""
from __future__ import annotations

import hashlib
from collections import Counter

CONTEXT_CHARS = 32


def short_hash(*parts: object) -> str:
    digest = hashlib.sha1("\x1f".join(str(part) for part in parts).encode("utf-8"))
    return digest.hexdigest()[:16]


def local_context(text: str, start: int, stop: int, width: int = CONTEXT_CHARS) -> tuple[str, str]:
    """The text just before and just after [start, stop), within its paragraph."""
    left = text[max(0, start - width):start]
    right = text[stop:stop + width]
    return left[left.rfind("\n") + 1:], right.split("\n", 1)[0]


class ContentIds:
    """Ids of one article's spans; call it in text order so repeated contexts number stably."""

    def __init__(self, article_id: str, text: str):
        self.article_id = article_id
        self.text = text
        self.seen: Counter = Counter()

    def __call__(self, kind: str, start: int, stop: int) -> str:
        left, right = local_context(self.text, start, stop)
        key = (kind, left, self.text[start:stop], right)
        occurrence = self.seen[key]
        self.seen[key] += 1
        return short_hash(self.article_id, *key, occurrence)
