"""Crawler JSON layouts onto our record fields.

Records of ``.json``, ``.jsonl`` and ``.csv`` files carry our field names (``id, text, title,
url, published_at|date, source, topic``). Two other layouts are read as well:

- **news-please** (its ``title, maintext, date_publish, url, source_domain, description,
  language``), recognised per record by a ``maintext`` key with no ``text``, needs no setting:
  the text is ``maintext`` (``description`` when the crawler found no main text), the URL is
  also the record's id, and a record whose ``language`` is set and is not Russian is refused.
- **any other layout** through a ``.khronikamap`` file at the source root (YAML, like
  ``.khronikaignore`` a hidden file the walk skips): our field name to theirs, or to a list of
  theirs where the first non-empty value wins::

      text: body
      title: [headline, title]
      published_at: when
      url: link
      id: link
      source: site
      language: lang

  It applies to every JSON, JSONL and CSV file under that root (CSV headers are compared in
  lower case). A map that cannot be read refuses those files with the reason.
"""
from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from typing import Any

import yaml

from tasks.ingest.decode import InputRejected

MAP_FILE = ".khronikamap"
OUR_FIELDS = ("id", "text", "title", "url", "published_at", "date", "source", "topic", "language")
# Values of a "language" field that mean Russian (ISO 639-1/-2/-3, and locale forms).
RUSSIAN = {"ru", "rus", "russian", "ru-ru", "ru_ru"}
NEWS_PLEASE = {
    "id": ("url",), "text": ("maintext", "description"), "title": ("title",),
    "url": ("url",), "published_at": ("date_publish",), "source": ("source_domain",),
    "language": ("language",),
}


@dataclass(frozen=True)
class FieldMap:
    fields: dict[str, tuple[str, ...]]  # ours -> theirs, in order of preference
    origin: str                         # what the map is, for reasons: ".khronikamap", "news-please"

    def apply(self, record: dict) -> dict:
        mapped = dict(record)
        for ours, theirs in self.fields.items():
            mapped[ours] = next((value for name in theirs
                                 if (value := _lookup(record, name)) not in (None, "")), None)
        return mapped


def _lookup(record: dict, name: str) -> Any:
    return record[name] if name in record else record.get(name.lower())


NEWS_PLEASE_MAP = FieldMap({ours: tuple(theirs) for ours, theirs in NEWS_PLEASE.items()},
                           "news-please")


def map_record(record: dict, source_map: FieldMap | None) -> tuple[dict, str | None]:
    """(the record in our fields, a reason to refuse it or None)."""
    if source_map is not None:
        record = source_map.apply(record)
    elif "maintext" in record and "text" not in record:
        record = NEWS_PLEASE_MAP.apply(record)
    language = record.get("language")
    if isinstance(language, str) and language.strip() and language.strip().lower() not in RUSSIAN:
        return record, f"language {language.strip()!r} is not Russian"
    return record, None


def load_field_map(root: str) -> FieldMap | None:
    """The source root's ``.khronikamap``, None when there is none; InputRejected when broken."""
    path = os.path.join(root, MAP_FILE)
    try:
        stamp = os.stat(path).st_mtime_ns
    except OSError:
        return None
    return _load(path, stamp)


@functools.lru_cache(maxsize=64)
def _load(path: str, stamp: int) -> FieldMap:
    """Read once per version of the file (``stamp``), not once per input file."""
    try:
        with open(path, encoding="utf-8") as handle:
            document = yaml.safe_load(handle)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise InputRejected(f"unreadable {MAP_FILE}: {' '.join(str(exc).split())}") from None
    if not isinstance(document, dict) or not document:
        raise InputRejected(f"{MAP_FILE} must map our field names to yours (e.g. 'text: body')")
    fields: dict[str, tuple[str, ...]] = {}
    for ours, theirs in document.items():
        if ours not in OUR_FIELDS:
            raise InputRejected(
                f"{MAP_FILE}: unknown field {ours!r} (ours are {', '.join(OUR_FIELDS)})")
        names = theirs if isinstance(theirs, list) else [theirs]
        if not names or not all(isinstance(name, str) and name for name in names):
            raise InputRejected(f"{MAP_FILE}: {ours!r} must name a field or a list of fields")
        fields[ours] = tuple(names)
    return FieldMap(fields, MAP_FILE)
