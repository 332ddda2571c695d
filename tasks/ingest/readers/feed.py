"""``.rss``, ``.atom``, ``.xml``: an RSS 2.0 or Atom feed, one article per item (feedparser).

Each item gives its title, link (also its id; the item's guid when it has no link), publication
date (``published``, else ``updated``) and the richest body it carries: ``content:encoded`` /
Atom ``content``, else ``description`` / ``summary``, with the markup stripped. A feed that is not
well-formed XML is refused whole: feedparser's lenient fallback would guess at the rest.
"""
from __future__ import annotations

import calendar
import datetime as dt
import hashlib
from typing import BinaryIO

import feedparser

from tasks.ingest.decode import InputRejected, codec_name
from tasks.ingest.markup import markup_to_text
from tasks.ingest.records import RecordCollector
from tasks.settings import Limits

# feedparser's notes that are not damage: a charset declared one way and found another.
HARMLESS = (feedparser.CharacterEncodingOverride,)


def read(stream: BinaryIO, collector: RecordCollector, limits: Limits) -> None:
    raw = stream.read()
    if not raw.strip():
        raise InputRejected("empty")
    parsed = feedparser.parse(raw, sanitize_html=False, resolve_relative_uris=False)
    problem = parsed.get("bozo_exception")
    if parsed.get("bozo") and not isinstance(problem, HARMLESS):
        line = getattr(problem, "getLineNumber", lambda: None)()
        message = getattr(problem, "getMessage", lambda: str(problem))()
        where = f" at line {line}" if line else ""
        raise InputRejected(f"feed is not well-formed XML{where}: {message}")
    if not parsed.version:
        raise InputRejected("not an RSS or Atom feed")
    collector.encoding = codec_name(parsed.get("encoding")) or parsed.get("encoding")
    for number, entry in enumerate(parsed.entries, start=1):
        collector.add(item_record(entry), f"item {number}")


def item_record(entry) -> dict:
    bodies = [content.get("value") for content in entry.get("content", [])]
    bodies.append(entry.get("summary"))
    markup = next((body for body in bodies if body and body.strip()), None)
    text = markup_to_text(markup) if markup else None
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    link = entry.get("link") or None
    return {
        "id": link or entry.get("id") or None,
        "url": link,
        "title": markup_to_text(entry["title"]) if entry.get("title") else None,
        "text": text or None,
        "published_at": dt.datetime.fromtimestamp(calendar.timegm(stamp), dt.UTC).replace(tzinfo=None)
        if stamp else None,
        "raw_hash": hashlib.sha256(markup.encode("utf-8")).hexdigest() if markup else None,
    }
