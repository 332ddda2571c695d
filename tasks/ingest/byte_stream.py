"""The decompressed bytes of a file for the readers that parse bytes themselves (HTML, WARC,
feeds): their charset comes from the document, or they are binary containers.

The same guards as the text path (tasks/ingest/decode.py) hold: the decompressed size is capped
at ``max_file_bytes`` while reading (never after), the raw bytes are hashed on the way and must
still match the hash discover took, and an empty file is refused. A container (a WARC archive)
is capped per record by its reader instead, so an archive of any size streams through.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import BinaryIO

from tasks.ingest.decode import (
    READ_CHUNK_BYTES,
    HashingReader,
    InputRejected,
    check_unchanged,
    open_bytes,
    too_large,
)
from tasks.ingest.discover import SourceFile
from tasks.settings import Limits

NO_LIMIT = 1 << 62


class LimitedStream:
    """A binary stream that refuses to give more than ``limit`` bytes in all."""

    def __init__(self, stream: BinaryIO, limit: int):
        self._stream = stream
        self._limit = limit
        self.total = 0

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            size = self._limit + 1 - self.total  # one past the limit tells "too large"
        data = self._stream.read(min(size, self._limit + 1 - self.total) if size else 0)
        self.total += len(data)
        if self.total > self._limit:
            raise too_large(self._limit)
        return data

    def readline(self, size: int = -1) -> bytes:
        line = self._stream.readline(self._limit + 1 - self.total)
        self.total += len(line)
        if self.total > self._limit:
            raise too_large(self._limit)
        return line

    def readable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.total


def read_byte_stream(file: SourceFile, limits: Limits, reader: Callable[[BinaryIO], None],
                     container: bool = False) -> None:
    """Hand ``reader`` the file's decompressed bytes as a stream, then check the hash.

    The reader reads the stream to its end (or stops at damage it reports itself). A
    ``container`` gets the stored bytes as they are (a WARC reader undoes each record's gzip
    member itself, which lets it keep the records before a damaged one) and no size limit.
    Raises InputRejected for an empty file, one over the size limit, or one that changed since
    discovery; whatever the reader raises goes through.
    """
    with HashingReader(file.path) as raw:
        stream = raw if container else open_bytes(file, raw)
        limited = LimitedStream(stream, NO_LIMIT if container else limits.max_file_bytes)
        reader(limited)
        while raw.read(READ_CHUNK_BYTES):  # the raw bytes the reader did not need, for the hash
            pass
    check_unchanged(file, raw)
    if limited.total == 0:
        raise InputRejected("empty")
