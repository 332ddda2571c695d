"""``.md``: one article, with optional YAML front matter (id, title, url, published_at or date,
source, topic)."""
from __future__ import annotations

import re
from typing import TextIO

import yaml

from tasks.ingest.decode import InputRejected, read_article_text
from tasks.ingest.records import RecordCollector, type_name
from tasks.settings import Limits

FRONT_MATTER = re.compile(
    r"\A---[ \t]*\r?\n(?P<yaml>.*?)^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL | re.MULTILINE
)


def read(stream: TextIO, collector: RecordCollector, limits: Limits) -> None:
    text = read_article_text(stream, limits)
    match = FRONT_MATTER.match(text)
    if not match:
        collector.add_single({"text": text})
        return
    try:
        meta = yaml.load(match["yaml"], Loader=FrontMatterLoader)
    except yaml.YAMLError as exc:
        raise InputRejected(f"invalid YAML front matter: {' '.join(str(exc).split())}") from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise InputRejected(f"front matter is not a mapping ({type_name(meta)})")
    collector.add_single({**meta, "text": text[match.end():]})


class FrontMatterLoader(yaml.SafeLoader):
    """Safe YAML without aliases: nested aliases expand exponentially once serialised."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise yaml.YAMLError(
                f"aliases are not allowed (line {mark.line + 1}, column {mark.column + 1})"
            )
        return super().compose_node(parent, index)
