"""The data dictionary: every public table, view and column of the warehouse carries a comment."""
import duckdb

from tasks.warehouse.dictionary import undescribed
from tasks.warehouse.migrate import apply_migrations


def column_comment(con, table, column):
    return con.execute("SELECT comment FROM duckdb_columns() WHERE table_name = ? AND column_name = ?",
                       [table, column]).fetchone()[0]


def test_a_new_warehouse_describes_every_table_and_column():
    con = duckdb.connect()
    apply_migrations(con)
    assert undescribed(con) == []
    assert column_comment(con, "entities", "name").startswith("Canonical name in the nominative")
    # A column described once for every table that has it.
    assert column_comment(con, "mentions", "run_id") == column_comment(con, "events", "run_id")
    views = dict(con.execute("SELECT view_name, comment FROM duckdb_views() WHERE NOT internal").fetchall())
    assert views["event_facts"].startswith("One row per current event")


def test_an_upgraded_warehouse_gets_the_comments_a_replaced_view_lost():
    con = duckdb.connect()
    apply_migrations(con, through=5)           # as the code before migration 006 left it
    assert "mentions.run_id" in undescribed(con)
    apply_migrations(con)
    assert undescribed(con) == []
    fresh = duckdb.connect()
    apply_migrations(fresh)
    assert column_comment(con, "articles", "raw_hash") == column_comment(fresh, "articles", "raw_hash")


def test_a_changed_comment_is_restored_by_the_next_writer():
    con = duckdb.connect()
    apply_migrations(con)
    wanted = column_comment(con, "runs", "status")
    con.execute("COMMENT ON COLUMN runs.status IS 'stale'")
    apply_migrations(con)
    assert column_comment(con, "runs", "status") == wanted
