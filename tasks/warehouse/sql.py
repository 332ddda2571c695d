"""The one way to read the project's SQL files (sql/): cached, since statements run in loops
and the files do not change while a process runs."""
from __future__ import annotations

import functools

from tasks.settings import SQL_DIR


@functools.cache
def sql_file(*parts: str) -> str:
    """The text of sql/<parts...>, e.g. sql_file("queries", "begin_run.sql")."""
    return SQL_DIR.joinpath(*parts).read_text(encoding="utf-8")


def sql_names(folder: str, pattern: str = "*.sql") -> list[str]:
    """File names in sql/<folder> matching `pattern`, sorted (the order migrations and audits run in)."""
    return sorted(path.name for path in (SQL_DIR / folder).glob(pattern))

