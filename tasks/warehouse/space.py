"""Recognise "out of space" among a run's errors, whichever layer raised it.

A full disk (ENOSPC), a quota (EDQUOT) or a file size limit (EFBIG) reach a run as an OSError
from Python, as a DuckDB IO or transaction error ("Failed to commit: Could not write file
"….wal": No space left on device") or as a Polars/Arrow error carrying the OS message; the user
needs one answer for all of them: which file could not be written, and that nothing committed.
"""
from __future__ import annotations

import errno
import re

SPACE_ERRNOS = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT}
# strerror() of the errnos above, as DuckDB, Polars and Arrow quote them in their messages.
SPACE_MESSAGES = ("No space left on device", "File too large", "Disk quota exceeded")
_QUOTED_PATH = re.compile(r'(?:file|path)\s+"([^"]+)"', re.IGNORECASE)


class OutOfSpace(Exception):
    """A write failed for lack of space; `path` is the file, when the error named one."""

    def __init__(self, reason: str, path: str | None):
        self.reason, self.path = reason, path
        where = f" writing {path}" if path else ""
        super().__init__(f"no space left{where} ({reason})")

    def __reduce__(self):  # raised in extraction workers, pickled back to the run
        return type(self), (self.reason, self.path)


def _chain(error: BaseException):
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        yield error
        error = error.__cause__ or error.__context__


def out_of_space(error: BaseException) -> OutOfSpace | None:
    """The OutOfSpace behind `error` (itself, its cause or the error it was raised while
    handling), or None when lack of space is not what failed."""
    for link in _chain(error):
        if isinstance(link, OutOfSpace):
            return link
        if isinstance(link, OSError) and link.errno in SPACE_ERRNOS:
            return OutOfSpace(link.strerror or str(link), link.filename and str(link.filename))
        message = str(link)
        for reason in SPACE_MESSAGES:
            if reason in message:
                quoted = _QUOTED_PATH.search(message)
                return OutOfSpace(reason, quoted.group(1) if quoted else None)
    return None
