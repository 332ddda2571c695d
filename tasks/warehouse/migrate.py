"""Schema migrations: sql/schema/NNN_*.sql, each applied once, in order, in its own transaction."""
from __future__ import annotations

import duckdb

from tasks.warehouse.sql import sql_file, sql_names


def apply_migrations(con: duckdb.DuckDBPyConnection, upto: int | None = None) -> list[str]:
    """Apply sql/schema/NNN_*.sql files not yet recorded in schema_migrations, in order;
    with `upto`, only those numbered up to it (a warehouse as an earlier release left it)."""
    con.execute(sql_file("schema", "001_init.sql"))  # idempotent; creates schema_migrations
    applied = {row[0] for row in con.execute("SELECT version FROM schema_migrations").fetchall()}
    done = []
    for name in sql_names("schema", "[0-9][0-9][0-9]_*.sql"):
        version = int(name[:3])
        if version in applied or (upto is not None and version > upto):
            continue
        con.execute("BEGIN")
        con.execute(sql_file("schema", name))
        con.execute("INSERT INTO schema_migrations VALUES (?, ?, now()::TIMESTAMP)",
                    [version, name.removesuffix(".sql")])
        done.append(name.removesuffix(".sql"))
        con.execute("COMMIT")
    return done
