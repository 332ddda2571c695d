"""``.json``: an object, or a list of objects, each one record.

A top-level list is parsed item by item from a window of the text (the standard library's
`JSONDecoder.raw_decode` over chunks, no extra dependency), so a file of millions of items never
sits in memory whole, nor as one parsed list: each item goes to the collector and is dropped.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, TextIO

from tasks.ingest.decode import InputRejected
from tasks.ingest.records import RecordCollector, type_name
from tasks.settings import Limits

# Characters read at a time; an item longer than the window makes it grow (doubling).
CHUNK_CHARS = 1 << 16
_DECODER = json.JSONDecoder()
_SPACE = " \t\n\r"


class _Window:
    """The unread part of a text stream: `text[pos:]`, refilled on demand."""

    def __init__(self, stream: TextIO):
        self.stream, self.text, self.pos, self.eof = stream, "", 0, False
        # Where text[0] is in the file (characters, lines before it, its column), for messages.
        self.dropped, self.lines, self.column = 0, 0, 0

    def fill(self, at_least: int = CHUNK_CHARS) -> bool:
        """Read `at_least` more characters (dropping what was consumed); False at the end."""
        if self.eof:
            return False
        chunk = self.stream.read(max(at_least, CHUNK_CHARS))
        consumed = self.text[:self.pos]
        self.dropped += self.pos
        if "\n" in consumed:
            self.lines += consumed.count("\n")
            self.column = len(consumed) - consumed.rfind("\n") - 1
        else:
            self.column += len(consumed)
        self.text, self.pos = self.text[self.pos:] + chunk, 0
        self.eof = not chunk
        return bool(chunk)

    def next_char(self) -> str:
        """The next character that is not white space (consumed up to it), '' at the end."""
        while True:
            while self.pos < len(self.text) and self.text[self.pos] in _SPACE:
                self.pos += 1
            if self.pos < len(self.text):
                return self.text[self.pos]
            if not self.fill():
                return ""

    def value(self) -> Any:
        """Decode the value at the window's start. A value reaching the window's end may be cut
        short (a number, or any cut JSON), so it is decoded again with more text."""
        while True:
            try:
                value, end = _DECODER.raw_decode(self.text, self.pos)
                if end < len(self.text) or self.eof:
                    self.pos = end
                    return value
            except json.JSONDecodeError as exc:
                if self.eof:
                    column = exc.colno + (self.column if exc.lineno == 1 else 0)
                    raise InputRejected(f"JSON syntax error: {exc.msg}: line {self.lines + exc.lineno} "
                                        f"column {column} (char {self.dropped + exc.pos})") from None
            self.fill(at_least=len(self.text) - self.pos)  # double the window


    def rest(self) -> Any:
        """Decode everything left as one value."""
        try:
            return json.loads(self.text[self.pos:] + self.stream.read())
        except ValueError as exc:
            raise InputRejected(f"JSON syntax error: {exc}") from None


def list_items(window: _Window) -> Iterator[Any]:
    """Each item of the list that starts at the window (its '[' next), one at a time."""
    window.pos += 1
    if window.next_char() == "]":
        window.pos += 1
    else:
        while True:
            yield window.value()
            separator = window.next_char()
            window.pos += 1
            if separator == "]":
                break
            if separator != ",":
                raise InputRejected("JSON syntax error: expected ',' or ']' after an item, "
                                    f"found {separator or 'the end'!r}")
            window.next_char()
    if window.next_char():
        raise InputRejected("JSON syntax error: extra data after the top-level list")


def read(stream: TextIO, collector: RecordCollector, limits: Limits) -> None:
    window = _Window(stream)
    try:
        if window.next_char() == "[":
            for index, record in enumerate(list_items(window), start=1):
                collector.add(record, f"item {index}")
            return
        document = window.rest()  # not a list: one object, parsed whole as before
    except RecursionError:
        raise InputRejected("JSON nested too deeply") from None
    if not isinstance(document, dict):
        raise InputRejected(
            f"JSON top level is {type_name(document)}, expected an object or a list of objects")
    collector.add(document, "item 1")
