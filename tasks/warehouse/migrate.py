"""Schema migrations: sql/schema/NNN_*.sql, each applied once, in order, in its own transaction."""
from __future__ import annotations

import duckdb

from tasks.warehouse.dictionary import apply_comments
from tasks.warehouse.sql import sql_file, sql_names

# Work a migration needs beyond its SQL file, run in the same transaction right after it.
AFTER = {8: "rebuild_aggregates", 9: "replay_event_facts", 11: "replay_aggregates",
         12: "replay_event_clusters", 15: "drop_one_phrase_pairs", 16: "replay_event_facts"}


def _after(con: duckdb.DuckDBPyConnection, version: int) -> None:
    if AFTER.get(version) == "rebuild_aggregates":
        from tasks.warehouse.aggregates import rebuild

        rebuild(con)
    elif AFTER.get(version) == "replay_event_facts":
        from tasks.warehouse.event_facts import replay

        replay(con)
    elif AFTER.get(version) == "replay_aggregates":
        from tasks.warehouse.aggregates import replay as replay_aggregates

        replay_aggregates(con)
    elif AFTER.get(version) == "replay_event_clusters":
        from tasks.warehouse.event_facts import replay_clusters

        replay_clusters(con)
    elif AFTER.get(version) == "drop_one_phrase_pairs":
        from tasks.warehouse.event_facts import drop_every_one_phrase_pair

        drop_every_one_phrase_pair(con)


def apply_migrations(con: duckdb.DuckDBPyConnection, through: int | None = None,
                     describe: bool = True) -> list[str]:
    """Apply sql/schema/NNN_*.sql files not yet recorded in schema_migrations, in order
    (those up to number ``through`` only, when given: the tests build older warehouses),
    then set the data dictionary's comments (unless ``describe`` is false: the dictionary's
    own generator reads the bare schema)."""
    con.execute(sql_file("schema", "001_init.sql"))  # idempotent; creates schema_migrations
    applied = {row[0] for row in con.execute("SELECT version FROM schema_migrations").fetchall()}
    done = []
    for name in sql_names("schema", "[0-9][0-9][0-9]_*.sql"):
        version = int(name[:3])
        if version in applied or (through is not None and version > through):
            continue
        con.execute("BEGIN")
        con.execute(sql_file("schema", name))
        # recorded before its follow-up work, which reads the warehouse as of this migration
        con.execute("INSERT INTO schema_migrations VALUES (?, ?, now()::TIMESTAMP)",
                    [version, name.removesuffix(".sql")])
        _after(con, version)
        done.append(name.removesuffix(".sql"))
        con.execute("COMMIT")
    if describe and through is None:  # an older schema (tests) keeps the comments it had
        con.execute("BEGIN")
        apply_comments(con)
        con.execute("COMMIT")
    return done
