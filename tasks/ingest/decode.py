"""Bytes to text: gzip, the raw-bytes hash, and the encoding of a file.

Strict UTF-8 first (a BOM is dropped and recorded as ``utf-8-sig``); otherwise the file must be
Russian text in cp1251 or koi8-r: charset-normalizer restricted to those two accepts it, letter
frequencies pick which, and the result must be mostly Russian letters. NUL bytes mean binary
content. Anything else is rejected as undecodable.
"""
from __future__ import annotations

import codecs
import gzip
import hashlib
import io
import math
import re
from typing import BinaryIO, TextIO

import charset_normalizer

from tasks.ingest.discover import SourceFile
from tasks.settings import Limits

READ_CHUNK_BYTES = 1 << 20
# Enough text for charset detection; legacy Cyrillic encodings are one byte per character.
ENCODING_SAMPLE_BYTES = 256 * 1024
LEGACY_ENCODINGS = ("cp1251", "koi8-r")
# Per cent of each letter in running Russian text (the usual published letter-frequency table).
_LETTER_FREQUENCY = {
    "о": 10.97, "е": 8.45, "а": 8.01, "и": 7.35, "н": 6.70, "т": 6.26, "с": 5.47, "р": 4.73,
    "в": 4.54, "л": 4.40, "к": 3.49, "м": 3.21, "д": 2.98, "п": 2.81, "у": 2.62, "я": 2.01,
    "ы": 1.90, "ь": 1.74, "г": 1.70, "з": 1.65, "б": 1.59, "ч": 1.44, "й": 1.21, "х": 0.97,
    "ж": 0.94, "ш": 0.73, "ю": 0.64, "ц": 0.48, "щ": 0.36, "э": 0.32, "ф": 0.26, "ъ": 0.04,
    "ё": 0.04,
}
_LETTER_LOG_FREQUENCY = {letter: math.log(share) for letter, share in _LETTER_FREQUENCY.items()}
_RUSSIAN_LETTERS = re.compile(r"[а-яёА-ЯЁ]")


class InputRejected(Exception):
    """The whole file is unusable; the message is the reason."""


def too_large(limit: int) -> InputRejected:
    return InputRejected(f"decompressed size over the limit of {limit} bytes")


def check_unchanged(file: SourceFile, raw: HashingReader) -> None:
    """The raw bytes read must be those discover hashed: else the file is still being written
    or was replaced, and is left for a later run."""
    if file.content_hash is not None and raw.digest.hexdigest() != file.content_hash:
        raise InputRejected("file changed after discovery (still being written?)")


class HashingReader:
    """A binary file whose reads update a sha256 of the raw bytes that went by."""

    def __init__(self, path: str):
        self._raw = open(path, "rb")
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self._raw.read(size)
        self.digest.update(data)
        return data

    def close(self) -> None:
        self._raw.close()

    def __enter__(self) -> HashingReader:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def open_bytes(file: SourceFile, raw: BinaryIO | HashingReader | None = None) -> BinaryIO:
    """The file's (decompressed) bytes; ``raw``, when given, is the opened file to read from
    and stays the caller's to close."""
    if file.compression == "gzip":
        if raw is not None:
            return gzip.GzipFile(fileobj=raw, mode="rb")
        return gzip.open(file.path, "rb")
    return raw if raw is not None else open(file.path, "rb")


def open_text(file: SourceFile, encoding: str) -> TextIO:
    # newline="" keeps "\r\n" as it is in the file: text must stay unchanged.
    return io.TextIOWrapper(open_bytes(file), encoding=encoding, errors="strict", newline="")


def detect_encoding(file: SourceFile, limits: Limits) -> str:
    """Read the (decompressed) bytes once, in chunks; return the encoding or raise InputRejected.

    The same pass hashes the raw bytes: a file that no longer matches the hash discover took is
    still being written or was replaced, and is left for a later run.
    """
    utf8 = codecs.getincrementaldecoder("utf-8")("strict")
    is_utf8 = True
    blank = True
    sample = bytearray()
    total = 0
    with HashingReader(file.path) as raw, open_bytes(file, raw) as stream:
        while chunk := stream.read(READ_CHUNK_BYTES):
            if total == 0 and chunk.startswith(codecs.BOM_UTF8):
                blank = blank and not chunk[len(codecs.BOM_UTF8):].strip()
            else:
                blank = blank and not chunk.strip()
            nul = chunk.find(b"\0")
            if nul >= 0:
                raise InputRejected(f"binary content (NUL byte at offset {total + nul})")
            total += len(chunk)
            if total > limits.max_file_bytes:
                raise too_large(limits.max_file_bytes)
            if len(sample) < ENCODING_SAMPLE_BYTES:
                sample += chunk[: ENCODING_SAMPLE_BYTES - len(sample)]
            if is_utf8:
                try:
                    utf8.decode(chunk)
                except UnicodeDecodeError:
                    is_utf8 = False
        while raw.read(READ_CHUNK_BYTES):  # bytes after the end of a gzip stream
            pass
    check_unchanged(file, raw)
    if is_utf8:
        try:
            utf8.decode(b"", final=True)
        except UnicodeDecodeError:
            is_utf8 = False
    if blank:
        raise InputRejected("empty")
    if is_utf8:
        return "utf-8-sig" if sample.startswith(codecs.BOM_UTF8) else "utf-8"
    return detect_legacy_cyrillic(bytes(sample))


def detect_legacy_cyrillic(sample: bytes) -> str:
    """cp1251 or koi8-r for bytes that are not UTF-8, or raise InputRejected.

    charset-normalizer, restricted to the two, says whether the bytes are text in either at all
    (it rejects mojibake and binary). Which of the two is decided by Russian letter frequencies:
    they stay reliable on short and all-capital text, where charset-normalizer is not (koi8-r
    capitals are cp1251 small letters).
    """
    if charset_normalizer.from_bytes(sample, cp_isolation=["cp1251", "koi8_r"]).best() is not None:
        decoded = {encoding: sample.decode(encoding, errors="replace")
                   for encoding in LEGACY_ENCODINGS}
        encoding = max(decoded, key=lambda name: russian_letter_score(decoded[name]))
        if mostly_russian_letters(decoded[encoding]):
            return encoding
    raise InputRejected("undecodable: not valid UTF-8, nor Russian text in cp1251 or koi8-r")


def russian_letter_score(text: str) -> float:
    """Mean log frequency of the Russian letters in ``text``: higher reads more like Russian."""
    logs = [_LETTER_LOG_FREQUENCY[char] for char in text.lower() if char in _LETTER_LOG_FREQUENCY]
    return sum(logs) / len(logs) if logs else -math.inf


def mostly_russian_letters(text: str) -> bool:
    """At least 80% of the non-ASCII characters are Russian letters.

    UTF-8 read as cp1251 fails this: half its characters are symbols such as "ѓ", "‚", "°".
    """
    non_ascii = [char for char in text if ord(char) > 127]
    letters = sum(1 for char in non_ascii if _RUSSIAN_LETTERS.match(char))
    return bool(non_ascii) and letters >= 0.8 * len(non_ascii)


def read_article_text(stream: TextIO, limits: Limits) -> str:
    """The whole stream as one article text; refused past the length limit without holding the rest."""
    text = stream.read(limits.max_article_chars + 1)  # one past the limit tells "too long"
    if len(text) > limits.max_article_chars:
        raise InputRejected(f"text too long (over the limit of {limits.max_article_chars} chars)")
    return text


def codec_name(name: str | None) -> str | None:
    """Python's name for a declared charset; None when unknown or not a text encoding."""
    if not name:
        return None
    try:
        info = codecs.lookup(name)
    except LookupError:
        return None
    return None if info.name in ("utf-16-le", "utf-16-be", "utf-16", "utf-32") else info.name
