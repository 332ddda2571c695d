"""The one-transaction load of a run, and the SQL audits that can roll it back.

A run writes nothing to the warehouse until its load: extraction stages its rows as Parquet
files, and the load moves them in with the run's `runs` row in one transaction, then runs the
audits in sql/audits; any offending row rolls the whole run back.
"""
from __future__ import annotations

from pathlib import Path

import duckdb

from tasks.settings import EVENT_TYPES_CSV, pause_point
from tasks.warehouse import aggregates, event_facts
from tasks.warehouse.connect import connect
from tasks.warehouse.places import link_places, prefetch
from tasks.warehouse.resolve import abbreviations, inflected_names, record_aliases, resolve_people, settle_candidates
from tasks.warehouse.sql import sql_file, sql_names

# Order matters: articles before what refers to them.
STAGED_TABLES = [
    "ingest_files", "articles_history", "extractions", "entities_history", "mentions_history",
    "events_history", "event_arguments_history", "quarantine", "dq_warnings", "article_removals",
]
# Staged tables whose load file holds several statements.
SCRIPTED = {"article_removals"}


RUN_COUNTS = [
    "files_seen", "files_loaded", "files_unchanged", "files_quarantined", "files_skipped",
    "articles_new", "articles_changed", "articles_unchanged", "mentions", "events", "quarantined", "warnings",
]


class AuditFailed(RuntimeError):
    def __init__(self, failures: dict[str, list[tuple]]):
        self.failures = failures
        summary = ", ".join(f"{name}: {len(rows)} row(s), e.g. {rows[0]}" for name, rows in failures.items())
        super().__init__(f"audits failed, run rolled back: {summary}")


def run_audits(con: duckdb.DuckDBPyConnection, run_id: int) -> dict[str, list[tuple]]:
    """Run every sql/audits query; return the ones that found offending rows. They check this
    run's rows: the texts they compare with are those of its articles (temp table run_texts)."""
    reextracted = con.execute(sql_file("load", "reextracted.sql"), {"run_id": run_id}).fetchall()[0][0]
    con.execute(sql_file("load", "run_texts.sql"), {"run_id": run_id, "reextracted": reextracted})
    failures = {}
    for name in sql_names("audits"):
        sql = sql_file("audits", name)
        check_name = name.removesuffix(".sql")
        params = {"run_id": run_id} if "$run_id" in sql else {}
        rows = con.execute(sql, params).fetchmany(20)
        con.execute(sql_file("queries", "record_check.sql"), {
            "run_id": run_id, "check_name": check_name, "kind": "audit", "table_name": None,
            "failures": len(rows), "status": "failed" if rows else "passed",
        })
        if rows:
            failures[check_name] = rows
    return failures


def close_ranges(con: duckdb.DuckDBPyConnection, run_id: int, staged: dict[str, list[str]]) -> int:
    """Close the validity ranges of the rows this run replaces (sql/load/close_ranges.sql);
    return how many extractions it replaced. New articles replace nothing, so a run of new
    articles only reads the small extractions table and skips the updates of the big ones."""
    articles, extractions = staged.get("articles_history") or [], staged.get("extractions") or []
    statements = [s for s in sql_file("load", "close_ranges.sql").split(";\n") if s.strip()]
    replaced_table, close_articles, *close_derived = statements
    if articles:
        con.execute(close_articles, {"run_id": run_id, "articles": articles})
    if not extractions:
        return 0
    con.execute(replaced_table, {"extractions": extractions})
    replaced = con.execute("SELECT count(*) FROM replaced").fetchone()[0]
    if replaced:
        for statement in close_derived:
            con.execute(statement, {"run_id": run_id})
    return replaced


def _script(con: duckdb.DuckDBPyConnection, parts: tuple[str, str], params: dict) -> None:
    for statement in sql_file(*parts).split(";\n"):
        if statement.strip() and not all(line.startswith("--") for line in statement.strip().splitlines()):
            con.execute(statement, {k: v for k, v in params.items() if f"${k}" in statement})


def retire(con: duckdb.DuckDBPyConnection, run_id: int, staged: dict[str, list[str]]) -> None:
    """Close the ranges of the articles this run retires (gone, --retire-missing)."""
    files = staged.get("article_removals") or []
    if files and con.execute("SELECT bool_or(retired AND NOT returned) FROM read_parquet($files)",
                             {"files": files}).fetchone()[0]:
        _script(con, ("load", "retire.sql"), {"run_id": run_id, "files": files})


def load_run(
    db_path: str | Path, run_id: int, staged: dict[str, list[str]], counts: dict[str, int],
    schema_checks: list[dict],
) -> int:
    """Move a run's staged Parquet files into the warehouse in one transaction.

    `staged` maps a table of STAGED_TABLES to its Parquet files; `counts` fills the runs row;
    `schema_checks` are the Pandera results to record. Returns the number of new entities.
    """
    gazetteer_ready = prefetch() if staged.get("entities_history") else None
    con = connect(db_path)
    try:
        con.execute("BEGIN TRANSACTION")
        if EVENT_TYPES_CSV.exists():
            con.execute(sql_file("queries", "load_event_types.sql"), {"path": str(EVENT_TYPES_CSV)})
        aggregates.before_load(con, staged)
        close_ranges(con, run_id, staged)
        retire(con, run_id, staged)
        for table in STAGED_TABLES:
            files = staged.get(table) or []
            if files and table in SCRIPTED:
                _script(con, ("load", f"{table}.sql"), {"run_id": run_id, "files": files})
            elif files:
                con.execute(sql_file("load", f"{table}.sql"), {"run_id": run_id, "files": files})
        resolve_people(con, run_id)
        inflected_names(con, run_id)
        settle_candidates(con, run_id)
        abbreviations(con, run_id)
        record_aliases(con, run_id)
        for check in schema_checks:
            con.execute(sql_file("queries", "record_check.sql"), {"run_id": run_id, "kind": "schema", **check})
        new_entities = con.execute(sql_file("queries", "new_entity_count.sql"), {"run_id": run_id}).fetchone()[0]
        con.execute(sql_file("queries", "commit_run.sql"), {
            "run_id": run_id, **{name: counts.get(name) for name in RUN_COUNTS}, "entities": new_entities})
        if gazetteer_ready is not None:
            gazetteer_ready.join()
        link_places(con, run_id)  # after the commit mark, so the mentions view holds this run's
        event_facts.refresh(con, run_id)  # before after_load, which reuses the temp table touched
        aggregates.after_load(con, run_id)  # reads the state with this run committed
        failures = run_audits(con, run_id)
        if failures:
            con.execute("ROLLBACK")
            raise AuditFailed(failures)
        pause_point("load")
        con.execute("COMMIT")
        return new_entities
    except BaseException:
        try:
            con.execute("ROLLBACK")
        except duckdb.Error:
            pass  # already rolled back (audit failure) or never begun
        raise
    finally:
        con.close()
