"""A file's articles, held in memory up to a bound and spilled to a temporary file past it.

A reader collects every article of a file before the file is accounted for (its bytes must
still match the hash discover took when the reader reaches the end), so a big JSONL file or a
web archive of many pages would otherwise hold all of their texts at once.
"""
from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterator

# Articles kept in memory per file (tens of MB of text at most); the throughput corpus's
# 1,000-article files never spill.
KEEP_IN_MEMORY = 10_000


class SpillingList:
    """Append-only, iterable any number of times, with a length; past ``keep`` items in a
    temporary file (deleted when closed or collected)."""

    def __init__(self, keep: int | None = None):
        self._keep = KEEP_IN_MEMORY if keep is None else keep
        self._head: list[dict] = []
        self._spill = None
        self._spilled = 0

    def append(self, item: dict) -> None:
        if len(self._head) < self._keep:
            self._head.append(item)
            return
        if self._spill is None:
            self._spill = tempfile.TemporaryFile(prefix="khronika-articles-")
        pickle.dump(item, self._spill, protocol=pickle.HIGHEST_PROTOCOL)
        self._spilled += 1

    def __len__(self) -> int:
        return len(self._head) + self._spilled

    def __bool__(self) -> bool:
        return bool(self._head)

    def __iter__(self) -> Iterator[dict]:
        yield from self._head
        if self._spill is None:
            return
        self._spill.seek(0)
        for _ in range(self._spilled):
            yield pickle.load(self._spill)  # our own bytes, written just above

    def settled(self) -> list[dict] | SpillingList:
        """A plain list when nothing spilled (what callers and tests usually get), else self."""
        return self._head if self._spill is None else self
