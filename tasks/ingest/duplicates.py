"""Syndicated copies: near-identical texts recorded as duplicates of the first copy.

A text's fingerprint is a MinHash signature of its word 3-shingles (lower case, ё as е): 64
minima of universal hashes, stored with the article (``text_minhash``, 256 bytes). Two texts
whose signatures agree in at least ``THRESHOLD`` of their positions share about that share of
shingles (Jaccard similarity): the same story with a different credit line or a sentence added
still matches, a different story on the same subject does not. Candidates are found by
locality-sensitive hashing (16 bands of 4 positions: two texts with similarity 0.8 share a band
with probability 0.9998), so each text is compared with a handful of others, not all of them.

The first copy is the one the warehouse already held (earlier runs), else the one read first in
this run (files in discovery order). A copy is never an original: copies of a copy point to
the first one. Texts of fewer than ``MIN_SHINGLES`` shingles get no fingerprint: a one-line
note is too short to call a copy.
"""
from __future__ import annotations

import hashlib
import re
import zlib
from collections.abc import Iterable

import numpy as np

NUM_HASHES = 64
BANDS = 16
ROWS = NUM_HASHES // BANDS
SHINGLE_WORDS = 3
MIN_SHINGLES = 10
THRESHOLD = 0.8
_PRIME = 4294967291  # the largest prime below 2**32: (a * h + b) mod p permutes 32-bit hashes


def _coefficients(label: str) -> np.ndarray:
    """Fixed pseudo-random 31-bit coefficients from sha256: the signatures of stored articles
    must stay comparable across runs, library versions and machines."""
    return np.array([int.from_bytes(hashlib.sha256(f"{label}{i}".encode()).digest()[:4], "big") >> 1 | 1
                     for i in range(NUM_HASHES)], dtype=np.uint64)


_A, _B = _coefficients("a"), _coefficients("b")
_WORD = re.compile(r"\w+")


def signature(text: str) -> bytes | None:
    """The text's MinHash signature (NUM_HASHES little-endian uint32), None when too short."""
    words = _WORD.findall(text.lower().replace("ё", "е"))
    shingles = {" ".join(words[i:i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}
    if len(shingles) < MIN_SHINGLES:
        return None
    hashes = np.fromiter((zlib.crc32(s.encode("utf-8")) for s in shingles), dtype=np.uint64,
                         count=len(shingles))
    # a * h + b < 2**63 + 2**31 (a, b < 2**31, h < 2**32): no overflow in uint64.
    minima = ((np.outer(_A, hashes) + _B[:, None]) % _PRIME).min(axis=1)
    return minima.astype("<u4").tobytes()


def similarity(first: bytes, second: bytes) -> float:
    """Estimated Jaccard similarity of two texts: the share of equal signature positions."""
    a, b = np.frombuffer(first, dtype="<u4"), np.frombuffer(second, dtype="<u4")
    return float((a == b).mean())


def _bands(sig: bytes) -> list[tuple[int, bytes]]:
    width = ROWS * 4
    return [(band, sig[band * width:(band + 1) * width]) for band in range(BANDS)]


class DuplicateIndex:
    """The originals seen so far, by band; ``first_copy`` answers for each new text in turn."""

    def __init__(self, originals: Iterable[tuple[str, bytes]] = ()):
        self._buckets: dict[tuple[int, bytes], list[str]] = {}
        self._signatures: dict[str, bytes] = {}
        for article_id, sig in originals:
            self._register(article_id, sig)

    def _register(self, article_id: str, sig: bytes) -> None:
        if article_id in self._signatures:
            return
        self._signatures[article_id] = sig
        for key in _bands(sig):
            self._buckets.setdefault(key, []).append(article_id)

    def first_copy(self, article_id: str, sig: bytes | None) -> str | None:
        """The original this text copies, or None (it is then an original for later texts)."""
        if sig is None:
            return None
        candidates: dict[str, None] = {}
        for key in _bands(sig):
            for other in self._buckets.get(key, ()):
                if other != article_id:
                    candidates.setdefault(other)
        best = max(candidates, key=lambda other: similarity(sig, self._signatures[other]),
                   default=None)
        if best is not None and similarity(sig, self._signatures[best]) >= THRESHOLD:
            return best
        self._register(article_id, sig)
        return None
