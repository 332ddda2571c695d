"""Which stored article a record read from a file is, and what kind of change it brings.

Rules (README "Ids and identity"), in order, for a record of a file the run reads:

1. its id (source folder name + relative path + key, tasks/ingest/records.py) is current: it;
2. the file held, as its current articles, one with the record's id as computed before
   migration 010 (the relative path alone) -- an upgraded warehouse keeps its ids;
3. the file holds a current article with the record's own ``source_id`` (or, for a one-article
   file, its only article) -- an article taken over from a renamed file keeps that id;
4. a renamed file: the record's text hash equals that of a current article whose file is gone
   from a source folder this run scans (not found by this run's discovery); each such article
   is taken over once, the first gone file in path order first;
5. otherwise a new article with the computed id.

The kind of change then follows from the stored version: ``new``; ``changed`` (another text,
analysed again); ``redated`` (same text, another ``published_at``: analysed again, as relative
dates in the text are counted from it); ``edited`` (same text, other metadata or path: a new
version without a new analysis); ``renamed`` (rule 4, likewise without analysis); ``unchanged``.
"""
from __future__ import annotations

from datetime import UTC, datetime

from tasks.ingest.discover import SourceFile
from tasks.ingest.records import make_article_id, source_name
from tasks.warehouse.runs import WarehouseState

# Stored values a new version is written for when only they change.
VERSION_FIELDS = ("source_id", "source_path", "title", "url", "published_at", "source", "topic",
                  "encoding", "raw_hash")
# New versions that are analysed again although their text is the same.
REEXTRACT_FIELDS = ("published_at",)
# Kinds that need no new analysis: their current extraction stays.
VERSION_ONLY = frozenset({"edited", "renamed"})


def _utc(value: object) -> object:
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).replace(tzinfo=None)
    return value


class Identities:
    """Resolves a run's records to article ids, claiming each stored article at most once."""

    def __init__(self, state: WarehouseState):
        self.hashes = state.article_hashes
        self.at = state.articles_at
        self.rows: dict[str, dict] = {row["article_id"]: row for rows in state.articles_at.values()
                                      for row in rows}
        self.gone_by_hash: dict[str, list[dict]] = {}
        for row in state.gone:
            self.rows.setdefault(row["article_id"], row)
            self.gone_by_hash.setdefault(row["content_hash"], []).append(row)
        self.claimed: set[str] = set()
        self.renamed: set[str] = set()

    def resolve(self, file: SourceFile, article: dict) -> tuple[str, dict | None, bool]:
        """(article id, its stored current row or None, whether it was taken over from a gone file)."""
        article_id, row, renamed = self._find(file, article)
        self.claimed.add(article_id)
        if renamed:
            self.renamed.add(article_id)
        return article_id, row, renamed

    def _find(self, file: SourceFile, article: dict) -> tuple[str, dict | None, bool]:
        computed = article["article_id"]
        if computed in self.hashes:
            return computed, self.rows.get(computed), False
        here = [row for row in self.at.get(file.path, ()) if row["article_id"] not in self.claimed]
        for row in here:
            if row["article_id"] == article.get("legacy_id"):
                return row["article_id"], row, False
        if article["source_id"] is not None:
            same = [row for row in here if row["source_id"] == article["source_id"]]
        else:
            single = computed == make_article_id(source_name(file), file.relpath)
            same = here if single else []
        if len(same) == 1:
            return same[0]["article_id"], same[0], False
        for row in self.gone_by_hash.get(article["content_hash"], ()):
            if row["article_id"] not in self.claimed:
                return row["article_id"], row, True
        return computed, None, False

    def change(self, article: dict, row: dict | None, renamed: bool) -> str:
        """The kind of change `article` (its id resolved) is against what the warehouse holds."""
        current = self.hashes.get(article["article_id"])
        if current is None:
            return "new"
        if current != article["content_hash"]:
            return "changed"
        if row is None:   # held under a path this run does not look at (a moved source folder)
            return "edited"
        differs = [name for name in VERSION_FIELDS if _utc(article[name]) != _utc(row[name])]
        if not differs:
            return "unchanged"
        if any(name in REEXTRACT_FIELDS for name in differs):
            return "redated"
        return "renamed" if renamed else "edited"
