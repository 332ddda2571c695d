"""Placeholder until the discover stage lands: .txt files only."""
from __future__ import annotations
import hashlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path


@dataclass(frozen=True)
class SourceFile:
    path: str
    root: str
    relpath: str
    size: int | None
    mtime: datetime | None
    content_hash: str | None
    format: str | None
    compression: str | None
    status: str | None
    reason: str | None


def discover(sources, limits):
    out = []
    for source in sources:
        source = Path(source).resolve()
        root = source if source.is_dir() else source.parent
        paths = sorted(source.rglob("*")) if source.is_dir() else [source]
        for p in paths:
            if p.is_file():
                data = p.read_bytes()
                out.append(SourceFile(str(p), str(root), p.relative_to(root).as_posix(), len(data),
                                      datetime.utcfromtimestamp(p.stat().st_mtime), hashlib.sha256(data).hexdigest(),
                                      p.suffix.lstrip("."), None, None if p.suffix == ".txt" else "skipped",
                                      None if p.suffix == ".txt" else "unsupported"))
    return out
