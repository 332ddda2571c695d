"""event_facts_history: event_facts without its cluster columns, kept by the load; and kept
from it, event_pairs_history (who_met_whom's pairs) and event_clusters_history (the clusters).
Two names that are one phrase ("Совета безопасности ООН") make no pair (migration 015), and
are one actor: actor2 is never of actor1's phrase (migration 016).

A run rewrites the rows of the events it changes (sql/event_facts/): those of the articles it
touches, and those whose arguments name an entity it redirected, registered or placed. Their
previous rows get valid_to = the run, the new ones valid_from = the run, in the run's own
transaction, so the table answers as of any committed run with a range filter
(event_facts_unclustered_as_of).
"""
from __future__ import annotations

import duckdb

from tasks.warehouse.sql import sql_file


def _statements(name: str) -> list[str]:
    return [s for s in sql_file("event_facts", name).split(";\n")
            if s.strip() and not all(line.startswith("--") for line in s.strip().splitlines())]


def refresh(con: duckdb.DuckDBPyConnection, run_id: int) -> None:
    """Rewrite the rows run `run_id` changes, reading the state as of that run (inside the
    load's transaction, once the run is marked committed), then the clusters they change. The
    temp table `touched` holds the articles the run wrote or extracted again."""
    _refresh_facts(con, run_id)
    refresh_pairs_and_clusters(con, run_id)


def _refresh_facts(con: duckdb.DuckDBPyConnection, run_id: int) -> None:
    params = {"run_id": run_id}
    for statement in _statements("changed.sql"):
        con.execute(statement, params)
    # The scan of every current argument is needed only when an entity changed.
    if con.execute("SELECT count(*) FROM fact_entities").fetchone()[0]:
        con.execute(sql_file("event_facts", "entity_events.sql"), params)
    con.execute(sql_file("event_facts", "close.sql"), params)
    # DuckDB's common-subplan optimizer shares the scan of articles_history between
    # events_as_of and the evidence join by materializing every article's text (4 GB, 30 s at
    # 1M articles for a 200-article run); without it the scans stay filtered to the run's.
    con.execute("SET disabled_optimizers = 'common_subplan'")
    try:
        # names of one phrase are one actor from migration 016 (009 replays the runs before it)
        con.execute(sql_file("event_facts", "insert.sql"),
                    {**params, "one_phrase": _has_migration(con, ONE_PHRASE_ACTORS)})
    finally:
        con.execute("RESET disabled_optimizers")


def refresh_pairs_and_clusters(con: duckdb.DuckDBPyConnection, run_id: int) -> None:
    """Once event_facts_history holds run `run_id`'s rows (migration 012): close and write the
    event_pairs_history rows of the rows it closed and wrote, then rewrite the
    event_clusters_history rows it changes."""
    for statement in _statements("pairs.sql"):
        con.execute(statement, {"run_id": run_id})
    if _has_migration(con, ONE_PHRASE_PAIRS):    # migration 012 replays the runs before 015
        drop_one_phrase_pairs(con, run_id)
    refresh_clusters(con, run_id)


def drop_one_phrase_pairs(con: duckdb.DuckDBPyConnection, run_id: int) -> None:
    """Remove the pairs run `run_id` wrote whose two names stand next to each other
    (one_phrase_pairs, migration 015): they are one party's name, not two parties."""
    con.execute(sql_file("event_facts", "one_phrase.sql"), {"run_id": run_id})


def drop_every_one_phrase_pair(con: duckdb.DuckDBPyConnection) -> None:
    """drop_one_phrase_pairs for every committed run (migration 015 on an upgraded warehouse)."""
    for run_id in _committed_runs(con):
        drop_one_phrase_pairs(con, run_id)


def refresh_clusters(con: duckdb.DuckDBPyConnection, run_id: int) -> None:
    """The clusters of the (type, date, precision) keys of the events whose event_facts_history
    rows run `run_id` opened or closed, as of the run, written where they differ."""
    for statement in _statements("clusters.sql"):
        con.execute(statement, {"run_id": run_id})


def _committed_runs(con: duckdb.DuckDBPyConnection) -> list[int]:
    return [r for (r,) in con.execute(
        "SELECT run_id FROM runs WHERE status = 'committed' ORDER BY run_id").fetchall()]


def _has_kept_tables(con: duckdb.DuckDBPyConnection) -> bool:
    return con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = "
                       "'event_clusters_history' AND schema_name = current_schema() "
                       "AND database_name = current_database()").fetchone()[0] > 0


ONE_PHRASE_PAIRS, ONE_PHRASE_ACTORS = 15, 16   # the migrations whose rules the load follows


def _has_migration(con: duckdb.DuckDBPyConnection, version: int) -> bool:
    """Whether the warehouse is at migration `version` (a migration is recorded before its
    follow-up work runs, tasks/warehouse/migrate.py)."""
    return con.execute("SELECT count(*) FROM schema_migrations WHERE version = ?", [version]).fetchone()[0] > 0


def replay(con: duckdb.DuckDBPyConnection) -> None:
    """Fill the table from the history, committed run by committed run, as the load would
    have (migration 009; and for rows written without the load, as tests do); and
    event_pairs_history and event_clusters_history with it, once migration 012 made them."""
    kept = _has_kept_tables(con)
    con.execute("DELETE FROM event_facts_history")
    if kept:
        con.execute("DELETE FROM event_pairs_history")
        con.execute("DELETE FROM event_clusters_history")
    for run_id in _committed_runs(con):
        con.execute(sql_file("event_facts", "touched_by_run.sql"), {"run_id": run_id})
        _refresh_facts(con, run_id)
        if kept:
            refresh_pairs_and_clusters(con, run_id)


def replay_clusters(con: duckdb.DuckDBPyConnection) -> None:
    """Fill event_clusters_history from event_facts_history, run by run (migration 012)."""
    con.execute("DELETE FROM event_clusters_history")
    for run_id in _committed_runs(con):
        refresh_clusters(con, run_id)
