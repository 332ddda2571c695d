"""Cross-document resolution of partial person names, inside a run's load transaction.

Extraction resolves "Путин" to "Владимир Путин" only when the same article names him in full.
At load the whole warehouse is known: a surname alone (or initials and a surname) that fits
exactly one full-name person becomes a redirect to it; one that fits several stays apart and its
candidates are recorded. A full name spelt another way ("Тереза Мей" / "Тереза Мэй") redirects to
the more mentioned spelling, and so does a full name with or without its patronymic ("Нурсултан
Абишевич Назарбаев" / "Нурсултан Назарбаев"); redirects found together are followed to their end. The rule is in sql/load/resolve_people.sql; the as-of macros of
sql/schema/005_entity_resolution.sql read mentions through the redirects.
"""
from __future__ import annotations

import duckdb

from tasks.settings import ALIASES_CSV
from tasks.warehouse.sql import sql_file


def resolve_people(con: duckdb.DuckDBPyConnection, run_id: int) -> tuple[int, int]:
    """Record this run's redirects and candidates; return (merged, ambiguous) partial names."""
    rows = con.execute(sql_file("load", "resolve_people.sql"), {"run_id": run_id}).fetchall()
    targets = {entity_id: candidate_id for entity_id, candidate_id, _, fitting in rows if fitting == 1}
    merged, ambiguous = set(), set()
    for entity_id, candidate_id, reason, fitting in rows:
        params = {"entity_id": entity_id, "reason": reason, "run_id": run_id}
        if fitting == 1:
            target, seen = candidate_id, {entity_id}
            while target in targets and target not in seen:  # "Мей" → "Тереза Мей" → "Тереза Мэй"
                seen.add(target)
                target = targets[target]
            con.execute(sql_file("queries", "insert_redirect.sql"), {**params, "target_id": target})
            merged.add(entity_id)
        else:
            con.execute(sql_file("queries", "insert_candidate.sql"), {**params, "candidate_id": candidate_id})
            ambiguous.add(entity_id)
    return len(merged), len(ambiguous)


def record_aliases(con: duckdb.DuckDBPyConnection, run_id: int) -> None:
    """Add to entity_aliases the forms this run gave its entities and the forms of the names it
    merged (sql/load/entity_aliases.sql; after resolve_people, in the same transaction)."""
    con.execute(sql_file("load", "entity_aliases.sql"), {"run_id": run_id, "lexicon": str(ALIASES_CSV)})
