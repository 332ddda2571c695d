"""The data dictionary: a DuckDB comment on every public table, view and column, so
`duckdb_tables()`, `duckdb_views()` and `duckdb_columns()` document the warehouse to anyone who
opens it with plain SQL.

The text is kept in sql/dictionary/columns.csv; `python -m flows.maintain.data_dictionary`
turns it into sql/dictionary/comments.sql (and README's list). Views lose their comments when a
migration replaces them, so the file is applied after the migrations, every time."""
from __future__ import annotations

from dataclasses import dataclass

import duckdb

from tasks.warehouse.sql import sql_file

PUBLIC_OBJECTS = """
    SELECT table_name AS name, 'TABLE' AS kind, comment FROM duckdb_tables()
    WHERE schema_name = 'main' AND NOT internal AND NOT temporary
    UNION ALL
    SELECT view_name, 'VIEW', comment FROM duckdb_views()
    WHERE schema_name = 'main' AND NOT internal AND NOT temporary
    ORDER BY name
"""

PUBLIC_COLUMNS = """
    SELECT column_name, data_type, comment FROM duckdb_columns()
    WHERE schema_name = 'main' AND table_name = ? ORDER BY column_index
"""


@dataclass(frozen=True)
class Described:
    table: str
    kind: str                # TABLE | VIEW
    column: str | None       # None for the table itself
    data_type: str | None
    comment: str | None


def apply_comments(con: duckdb.DuckDBPyConnection) -> None:
    """Set the comments of sql/dictionary/comments.sql (the current schema's)."""
    con.execute(sql_file("dictionary", "comments.sql"))


def described(con: duckdb.DuckDBPyConnection) -> list[Described]:
    """Every public object and column with its type and comment, in catalog order."""
    rows = []
    for name, kind, comment in con.execute(PUBLIC_OBJECTS).fetchall():
        rows.append(Described(name, kind, None, None, comment))
        rows.extend(Described(name, kind, column, data_type, column_comment)
                    for column, data_type, column_comment
                    in con.execute(PUBLIC_COLUMNS, [name]).fetchall())
    return rows


def undescribed(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Public objects and columns with no comment: `table` or `table.column`."""
    return [row.table if row.column is None else f"{row.table}.{row.column}"
            for row in described(con) if not row.comment]
