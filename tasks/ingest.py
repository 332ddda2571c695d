"""Placeholder until the ingest stage lands: .txt only."""
from __future__ import annotations
import hashlib
from dataclasses import dataclass, field

ARTICLE_COLUMNS = ["article_id","source_id","source_path","title","url","published_at","source","topic","encoding","text","content_hash"]
QUARANTINE_COLUMNS = ["source_path","stage","reason","table_name","check_name","column_name","value","article_id","record"]


@dataclass
class FileIngest:
    file: object
    articles: list = field(default_factory=list)
    quarantine: list = field(default_factory=list)
    encoding: str | None = None
    status: str = "loaded"
    reason: str | None = None


def ingest_file(file, limits):
    text = open(file.path, encoding="utf-8").read()
    return FileIngest(file, [{"article_id": hashlib.sha1(file.relpath.encode()).hexdigest()[:16], "source_id": None,
        "source_path": file.path, "title": None, "url": None, "published_at": None, "source": None, "topic": None,
        "encoding": "utf-8", "text": text, "content_hash": hashlib.sha256(text.encode()).hexdigest()}], [], "utf-8")
