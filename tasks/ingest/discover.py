"""Discover stage: find the input files under the configured sources.

Every path seen gets exactly one ``SourceFile`` in the result, so a run can account for all of
them: files seen = loaded + unchanged + quarantined + skipped.

``status`` is None for a file the ingest stage should read; otherwise it is already decided here:

- ``skipped``: not input at all -- hidden files and directories, symlinks, special files
  (FIFOs, sockets, devices), names that are not valid UTF-8 (they could not be stored or shown
  faithfully), a source path that does not exist. A missing source is a skipped row
  rather than an exception so that the rest of the run still completes and the ledger shows it.
- ``quarantined``: input we refuse to read -- unsupported format, over ``max_file_bytes``,
  unreadable (permissions).

Symlinks found while walking a directory are never followed. A link pointing inside the source
root would only make its target appear twice (the target is walked anyway); one pointing outside
would escape the root; dangling links and loops cannot be read at all. Each gets its own reason.
A source named explicitly by the user may itself be a symlink: it is resolved once and becomes the
root.

A ``.khronikaignore`` file at a source root lists glob patterns, one a line (``#`` comments),
of paths under it that are not articles (``reference/``, ``*.draft.md``): each match is one
skipped row naming the pattern. A pattern with a ``/`` matches the path relative to the root,
one without matches the name; a trailing ``/`` matches directories only.
"""
from __future__ import annotations

import errno
import fnmatch
import hashlib
import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from tasks.settings import Limits

# Extension (after stripping .gz) -> format name.
FORMATS = {
    ".txt": "txt",
    ".md": "md",
    ".markdown": "md",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".html": "html",
    ".htm": "html",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
    ".warc": "warc",
}
# Archives streamed as stored, their size limit applied to each record (tasks/ingest/byte_stream.py).
CONTAINER_FORMATS = frozenset({"warc"})
HASH_CHUNK_BYTES = 1 << 20
IGNORE_FILE = ".khronikaignore"


@dataclass(frozen=True)
class SourceFile:
    path: str  # absolute path of the file (inside its root)
    root: str  # absolute source root it was found under (a file source's root is its parent)
    relpath: str  # path relative to root, '/'-separated
    size: int | None
    mtime: datetime | None  # UTC, naive
    content_hash: str | None  # sha256 hex of the raw (still compressed) bytes
    format: str | None  # a value of FORMATS
    compression: str | None  # gzip | None
    status: str | None  # None = to be read; else skipped | quarantined
    reason: str | None


def discover(sources: Sequence[str | Path], limits: Limits) -> list[SourceFile]:
    """All files under ``sources`` in a deterministic order, each path once."""
    return list(iter_discovered(sources, limits))


def iter_discovered(sources: Sequence[str | Path], limits: Limits) -> Iterator[SourceFile]:
    """discover() one file at a time, for a caller that may stop early."""
    seen: set[str] = set()
    for source in sources:
        for item in _discover_source(Path(source), limits):
            if item.path not in seen:
                seen.add(item.path)
                yield item


def scanned_roots(sources: Sequence[str | Path]) -> list[str]:
    """The source folders a run walks whole (resolved as discover resolves them): only under
    these can a file be found gone. A single-file source scans no folder."""
    roots = []
    for source in sources:
        real = os.path.realpath(os.path.abspath(source))
        if os.path.isdir(real) and _is_utf8(real) and real not in roots:
            roots.append(real)
    return roots


def detect_format(name: str) -> tuple[str | None, str | None, str]:
    """(format, compression, extension) from a file name; format None when unsupported."""
    lowered = name.lower()
    compression = None
    if lowered.endswith(".gz"):
        compression = "gzip"
        lowered = lowered[: -len(".gz")]
    extension = os.path.splitext(lowered)[1]
    return FORMATS.get(extension), compression, extension


def _discover_source(source: Path, limits: Limits) -> Iterator[SourceFile]:
    absolute = Path(os.path.abspath(source))
    if not os.path.lexists(absolute):
        yield _skipped(absolute, absolute.parent, "source not found")
        return
    try:
        real = Path(os.path.realpath(absolute, strict=True))
    except OSError as exc:
        yield _skipped(absolute, absolute.parent, _link_problem(exc))
        return
    if not _is_utf8(str(real)):
        yield _skipped(real, real.parent, "source path is not valid UTF-8")
    elif real.is_dir():
        yield from _walk(real, real, limits)
    else:
        yield _classify_file(real, real.parent, limits)


def read_ignore_patterns(root: Path) -> list[str]:
    try:
        lines = (root / IGNORE_FILE).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def ignored_by(relpath: str, is_dir: bool, patterns: Sequence[str]) -> str | None:
    """The first ignore pattern matching a path relative to the root, if any."""
    name = relpath.rsplit("/", 1)[-1]
    for pattern in patterns:
        body = pattern.rstrip("/")
        if pattern.endswith("/") and not is_dir:
            continue
        target = relpath if "/" in body else name
        if fnmatch.fnmatchcase(target, body.lstrip("/")):
            return pattern
    return None


def _walk(top: Path, root: Path, limits: Limits) -> Iterator[SourceFile]:
    """Depth first, entries sorted by name; a stack instead of recursion, so depth is no limit."""
    ignore = read_ignore_patterns(root)
    stack = [_sorted_entries(top)]
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        if isinstance(entry, OSError):
            yield _skipped(Path(entry.filename), root, f"directory not readable: {entry.strerror}")
            continue
        path = Path(entry.path)
        if not _is_utf8(entry.name):
            yield _skipped(path, root, "name is not valid UTF-8")
        elif entry.name.startswith("."):
            kind = "directory" if entry.is_dir(follow_symlinks=False) else "file"
            yield _skipped(path, root, f"hidden {kind}")
        elif ignore and (pattern := ignored_by(
                _relpath(path, root), entry.is_dir(follow_symlinks=False), ignore)):
            yield _skipped(path, root, f"matches {IGNORE_FILE} pattern {pattern!r}")
        elif entry.is_symlink():
            yield _skipped(path, root, _symlink_reason(path, root))
        elif entry.is_dir(follow_symlinks=False):
            stack.append(_sorted_entries(path))
        else:
            yield _classify_file(path, root, limits)


def _sorted_entries(directory: Path) -> Iterator[os.DirEntry | OSError]:
    try:
        entries = sorted(os.scandir(directory), key=lambda entry: entry.name)
    except OSError as exc:
        exc.filename = str(directory)
        entries = [exc]
    return iter(entries)


def _symlink_reason(path: Path, root: Path) -> str:
    try:
        os.stat(path)
    except OSError as exc:
        return _link_problem(exc)
    target = os.path.realpath(path)
    if os.path.commonpath([target, str(root)]) != str(root):
        return "symlink points outside the source root"
    return "symlink inside the source root (its target is read under its own path)"


def _link_problem(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symlink loop"
    if exc.errno == errno.ENOENT:
        return "dangling symlink"
    return f"cannot resolve path: {exc.strerror}"


def _classify_file(path: Path, root: Path, limits: Limits) -> SourceFile:
    try:
        info = os.stat(path)
    except OSError as exc:
        return _skipped(path, root, f"cannot stat: {exc.strerror}")
    if not stat.S_ISREG(info.st_mode):
        return _skipped(path, root, "not a regular file")
    size = info.st_size
    mtime = datetime.fromtimestamp(info.st_mtime, tz=timezone.utc).replace(tzinfo=None)
    fmt, compression, extension = detect_format(path.name)

    def result(status: str | None, reason: str | None, content_hash: str | None = None):
        return SourceFile(
            path=str(path), root=str(root), relpath=_relpath(path, root), size=size,
            mtime=mtime, content_hash=content_hash, format=fmt, compression=compression,
            status=status, reason=reason,
        )

    if fmt is None:
        return result("quarantined", f"unsupported format {extension or '(no extension)'}")
    # Oversize files are not hashed either: reading gigabytes only to refuse them is waste.
    if size > limits.max_file_bytes and fmt not in CONTAINER_FORMATS:
        return result(
            "quarantined", f"file too large ({size} bytes > limit {limits.max_file_bytes})"
        )
    try:
        content_hash = hash_file(path)
    except OSError as exc:
        return result("quarantined", f"unreadable: {exc.strerror or exc}")
    return result(None, None, content_hash)


def hash_file(path: str | Path) -> str:
    """sha256 hex of a file's bytes, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(HASH_CHUNK_BYTES):
            digest.update(chunk)
    return digest.hexdigest()


def _relpath(path: Path, root: Path) -> str:
    return Path(os.path.relpath(path, root)).as_posix()


def _is_utf8(name: str) -> bool:
    # Undecodable bytes in a file name arrive as lone surrogates (os.fsdecode).
    return not any("\ud800" <= char <= "\udfff" for char in name)


def _printable(text: str) -> str:
    """The name with undecodable bytes written as \\xNN, so it can be stored and shown."""
    return text if _is_utf8(text) else os.fsencode(text).decode("utf-8", "backslashreplace")


def _skipped(path: Path, root: Path, reason: str) -> SourceFile:
    return SourceFile(
        path=_printable(str(path)), root=_printable(str(root)),
        relpath=_printable(_relpath(path, root)), size=None, mtime=None,
        content_hash=None, format=None, compression=None, status="skipped", reason=reason,
    )
