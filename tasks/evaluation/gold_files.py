"""Reading gold files: JSON Lines, one document or item per line, each checked for its fields."""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path


class GoldFileError(ValueError):
    """A gold file that is not what its option says: the message names the file, line and field."""


def read_jsonl(path: Path, limit: int | None = None, fields: tuple[str, ...] = (),
               kind: str = "gold") -> Iterator[dict]:
    """The JSON objects of a JSON Lines file, each checked to have `fields` (a factRuEval file given
    as NEREL lacks "events": say so, rather than a KeyError mid-way)."""
    with Path(path).open(encoding="utf-8") as f:
        try:
            yield from _items(path, f, limit, fields, kind)
        except UnicodeDecodeError:
            raise GoldFileError(f"{path} is not UTF-8 text: a {kind} file is JSON Lines") from None


def _items(path: Path, f, limit: int | None, fields: tuple[str, ...], kind: str) -> Iterator[dict]:
    for number, line in enumerate(f):
        if limit is not None and number >= limit:
            return
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except ValueError as error:
            raise GoldFileError(f"{path} line {number + 1} is not JSON ({error.__class__.__name__}: "
                                f"{error}); a {kind} file has one JSON object per line") from None
        missing = [field for field in fields if not isinstance(item, dict) or field not in item]
        if missing:
            raise GoldFileError(f"{path} line {number + 1} has no {', '.join(repr(m) for m in missing)}: "
                                f"not a {kind} file")
        yield item
