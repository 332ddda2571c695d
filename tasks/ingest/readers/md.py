"""``.md``: one article, with optional YAML front matter (id, title, url, published_at or date,
source, topic).

Front matter that cannot be read (invalid YAML, aliases, nesting deeper than MAX_DEPTH, not a
mapping) does not cost the article: it loads without metadata, with a quarantine row saying why.
Dates stay strings here, so an impossible one (2025-02-30, hour 25) is refused by the one date
parser as a value, not by YAML as the whole file."""
from __future__ import annotations

import re
from typing import ClassVar, TextIO

import yaml

from tasks.ingest.decode import read_article_text
from tasks.ingest.records import RecordCollector, type_name
from tasks.settings import Limits

FRONT_MATTER = re.compile(
    r"\A---[ \t]*\r?\n(?P<yaml>.*?)^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL | re.MULTILINE
)


MAX_DEPTH = 32


def read(stream: TextIO, collector: RecordCollector, limits: Limits) -> None:
    text = read_article_text(stream, limits)
    match = FRONT_MATTER.match(text)
    if not match:
        collector.add_single({"text": text})
        return
    body = text[match.end():]
    try:
        meta = yaml.load(match["yaml"], Loader=FrontMatterLoader)
    except yaml.YAMLError as exc:
        problem = f"invalid YAML front matter: {' '.join(str(exc).split())}"
    else:
        if meta is None or isinstance(meta, dict):
            collector.add_single({**(meta or {}), "text": body})
            return
        problem = f"front matter is not a mapping ({type_name(meta)})"
    collector.add_single({"text": body}, unread=("front_matter", problem, match["yaml"]))


class FrontMatterLoader(yaml.SafeLoader):
    """Safe YAML without aliases (nested aliases expand exponentially once serialised), without
    deep nesting (the composer recurses per level), and with timestamps left as strings."""

    yaml_implicit_resolvers: ClassVar[dict] = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def __init__(self, stream):
        super().__init__(stream)
        self.depth = 0

    def compose_node(self, parent, index):
        mark = self.peek_event().start_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}"
        if self.check_event(yaml.AliasEvent):
            raise yaml.YAMLError(f"aliases are not allowed ({where})")
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise yaml.YAMLError(f"nested deeper than {MAX_DEPTH} levels ({where})")
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1
