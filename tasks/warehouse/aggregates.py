"""Aggregates the reports read instead of the whole history, kept exact by the load.

Each aggregate NAME is a table with a query over the current state of the articles in a temp
table `touched` (sql/aggregates/NAME.sql), and every column it holds is a sum over articles (a
count of mentions, or of distinct articles or sentences, per key). So a run keeps the table exact
by subtracting what its touched articles (new versions, re-extractions) contributed before it,
and adding what they contribute after, inside its own transaction: a rolled-back run leaves the
tables as they were. A redirect the run writes moves counts between entities, which is not a sum
over articles, so the rows of the entities it involves are recomputed from the current state.
The statements are in sql/aggregates/NAME/ (subtract, add, merge, recompute, rebuild).

The entity and mention aggregates also keep every value they have had, with validity ranges
(NAME_history, migration 011): after the merge, the keys whose value the run changed get their
open row closed (valid_to = run) and the new value opened (valid_from = run), so NAME as of run
n is a range filter (NAME_as_of(n)). `replay` fills them from the history of an existing
warehouse, run by run, as the load would have.
"""
from __future__ import annotations

import duckdb

from tasks.warehouse.sql import sql_file

# Each with the table it fills; the summed columns' first one is never 0 on a kept row.
AGGREGATES = ["entity_stats", "entity_forms", "entity_days", "mention_days", "event_days", "co_mention_pairs"]
# Keyed by entity: the ones a new redirect changes.
BY_ENTITY = ["entity_stats", "entity_forms", "entity_days", "co_mention_pairs"]
# Kept with validity ranges too (NAME_history): the reports as of an older run read them.
# The buffer pool of migration 011's replay.
REPLAY_MEMORY = "3GB"
HISTORY = ["entity_stats", "entity_forms", "entity_days", "mention_days", "co_mention_pairs"]


def _script(con: duckdb.DuckDBPyConnection, *parts: str, params: dict | None = None) -> None:
    """Run a file of several statements, binding `params` where a statement uses them."""
    for statement in sql_file(*parts).split(";\n"):
        if statement.strip() and not all(line.startswith("--") for line in statement.strip().splitlines()):
            used = {k: v for k, v in (params or {}).items() if f"${k}" in statement}
            con.execute(statement, used)


def _views(con: duckdb.DuckDBPyConnection, current: bool = True) -> None:
    if current:  # else replay_sources.sql pointed them at an older state
        _script(con, "aggregates", "_shared", "current_sources.sql")
    for name in AGGREGATES:
        con.execute(sql_file("aggregates", f"{name}.sql"))


def before_load(con: duckdb.DuckDBPyConnection, staged: dict[str, list[str]]) -> None:
    """Inside the load transaction, before any row of the run goes in: note the run's touched
    articles and subtract what those already in the warehouse contribute now."""
    # Retired articles (article_removals) leave the current state: what they gave is subtracted.
    files = [*(staged.get("articles_history") or []), *(staged.get("extractions") or []),
             *(staged.get("article_removals") or [])]
    if files:
        con.execute(sql_file("aggregates", "_shared", "touched.sql"), {"files": files})
    else:
        con.execute(sql_file("aggregates", "_shared", "no_touched.sql"))
    _views(con)
    known = con.execute(sql_file("aggregates", "_shared", "known.sql")).fetchone()[0]
    for name in AGGREGATES:
        con.execute(sql_file("aggregates", name, "subtract.sql"), {"known": known})


def after_load(con: duckdb.DuckDBPyConnection, run_id: int) -> None:
    """Once the run's rows are in and its runs row says committed (still inside the
    transaction): add what the touched articles contribute now, merge, and recompute the
    entities this run's redirects involve."""
    for name in AGGREGATES:
        con.execute(sql_file("aggregates", name, "add.sql"))
        if name in HISTORY:
            con.execute(sql_file("aggregates", name, "changed.sql"))
        _script(con, "aggregates", name, "merge.sql")
    _script(con, "aggregates", "_shared", "redirected.sql", params={"run_id": run_id})
    if con.execute("SELECT count(*) FROM redirected").fetchone()[0]:
        for name in BY_ENTITY:
            _script(con, "aggregates", name, "recompute.sql")
            if name in HISTORY:  # the keys they had (open history rows) and have now
                con.execute(sql_file("aggregates", name, "changed_redirected.sql"))
    for name in HISTORY:
        con.execute(sql_file("aggregates", name, "history.sql"))
        _script(con, "aggregates", name, "sync.sql", params={"run_id": run_id})
    if HISTORY:  # with the history tables (011) comes mention_runs
        _script(con, "aggregates", "_shared", "mention_runs.sql", params={"run_id": run_id})


def replay(con: duckdb.DuckDBPyConnection) -> None:
    """Fill the NAME_history tables from the history, committed run by committed run, as the
    load would have (migration 011): each run's delta is what its touched articles contribute
    as of the run minus as of the run before, read for those articles only. And mention_runs."""
    # Run after run in one transaction over the whole history: a bounded buffer pool keeps its
    # memory near a load's (DuckDB evicts or spills what does not fit); restored after.
    previous = con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
    con.execute("SET memory_limit = ?", [REPLAY_MEMORY])
    try:
        _replay(con)
    finally:
        con.execute("SET memory_limit = ?", [previous])


def _replay(con: duckdb.DuckDBPyConnection) -> None:
    for name in HISTORY:
        con.execute(sql_file("aggregates", name, "history_clear.sql"))
    runs = [r for (r,) in con.execute(
        "SELECT run_id FROM runs WHERE status = 'committed' ORDER BY run_id").fetchall()]
    before = 0
    for run_id in runs:
        _script(con, "aggregates", "_shared", "touched_by_run.sql", params={"run_id": run_id})
        _script(con, "aggregates", "_shared", "replay_sources.sql", params={"n": before})
        _views(con, current=False)
        for name in HISTORY:
            con.execute(sql_file("aggregates", name, "subtract.sql"), {"known": True})
        _script(con, "aggregates", "_shared", "replay_sources.sql", params={"n": run_id})
        for name in HISTORY:
            con.execute(sql_file("aggregates", name, "add.sql"))
            _script(con, "aggregates", name, "replay.sql")
        _script(con, "aggregates", "_shared", "replay_redirected.sql", params={"run_id": run_id})
        if con.execute("SELECT count(*) FROM redirected").fetchone()[0]:
            _script(con, "aggregates", "_shared", "replay_sources.sql", params={"n": run_id})
            for name in BY_ENTITY:
                _script(con, "aggregates", name, "replay_redirected.sql")
        for name in HISTORY:
            _script(con, "aggregates", name, "sync.sql", params={"run_id": run_id})
        before = run_id
    _script(con, "aggregates", "_shared", "mention_runs_all.sql")
    con.execute("DROP TABLE IF EXISTS replay_mentions")
    con.execute("DROP TABLE IF EXISTS replay_articles")
    _views(con)


def over_every_article(con: duckdb.DuckDBPyConnection) -> None:
    """Point the NAME_contribution views at every current article: each then holds what its
    aggregate would hold if computed from scratch now."""
    con.execute(sql_file("aggregates", "_shared", "all_current.sql"))
    _views(con)


def rebuild(con: duckdb.DuckDBPyConnection) -> None:
    """Every aggregate from the current state (migration 008 fills them so)."""
    over_every_article(con)
    for name in AGGREGATES:
        _script(con, "aggregates", name, "rebuild.sql")
