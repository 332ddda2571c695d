"""The event taxonomy (seeds/reference/event_types.csv): types and their GDELT-like quad class."""
from __future__ import annotations

import csv
import functools

from tasks.settings import EVENT_TYPES_CSV


def load_event_types() -> list[dict]:
    """The taxonomy: one dict per type with type, quad_class, description."""
    with EVENT_TYPES_CSV.open(encoding="utf-8", newline="") as f:
        return [{"type": row["type"], "quad_class": row["quad_class"],
                 "description": row["description"]} for row in csv.DictReader(f)]


@functools.cache  # read once per process, not once per article
def quad_classes() -> dict[str, str]:
    return {row["type"]: row["quad_class"] for row in load_event_types()}
