"""A report's entity parameter by any form: "Алиеву" finds Ильхам Алиев.

The value is taken as given first (entity id, name or alias, case-insensitively: the
report_entity macro). Failing that, it is compared as lemmas (pymorphy2 through natasha's
MorphVocab) with every entity's name, aliases and, for a person, surname; the most-mentioned
match wins. No match is an error that names the closest names (difflib), never an empty answer.
"""
from __future__ import annotations

import difflib

import duckdb

from tasks.nlp.forms import morph_vocab  # builds the analyser on first use: only lookups that miss pay for it
from tasks.warehouse.sql import sql_file


class NoSuchEntity(ValueError):
    """No entity of the warehouse goes by the value; the message suggests close names."""


def _keys(name: str, aliases: list[str]) -> set[str]:
    from tasks.nlp.entities import lemma_key

    vocab = morph_vocab()
    keys = {lemma_key(form, vocab) for form in [name, *aliases]}
    words = lemma_key(name, vocab).split()
    if len(words) > 1:
        keys.add(words[-1])  # a surname alone
    return keys


def _readings(value: str, limit: int = 16) -> set[str]:
    """The value as lemmas under every reading pymorphy has of its words ("Алиевом" is an
    adjective's form first, a surname's too), at most `limit` combinations."""
    import itertools
    import re

    words = re.findall(r"\w+", value.casefold().replace("ё", "е"))
    options = [sorted({form.normal_form.replace("ё", "е") for form in morph_vocab()(word)} or {word})
               for word in words]
    return {" ".join(combo) for combo in itertools.islice(itertools.product(*options), limit)}


def resolve_entity(con: duckdb.DuckDBPyConnection, value: str, as_of_run: int) -> str:
    """The value itself when it names an entity as given, else the entity_id its lemmas match."""
    params = {"as_of_run": as_of_run}
    if con.execute(sql_file("queries", "entity_exact.sql"), {**params, "needle": value}).fetchall()[0][0]:
        return value
    from tasks.nlp.entities import lemma_key  # natasha: only for a value not found as given

    wanted = _readings(value) | {lemma_key(value, morph_vocab())}
    rows = con.execute(sql_file("queries", "entity_names.sql"), params).fetchall()
    matches = [(count, entity_id) for entity_id, name, aliases, count in rows if wanted & _keys(name, aliases)]
    if matches:
        return max(matches, key=lambda m: (m[0], m[1]))[1]
    names = {form.casefold(): name for _, name, aliases, _ in rows for form in [name, *aliases]}
    close = difflib.get_close_matches(value.casefold(), list(names), n=5, cutoff=0.6)
    suggestions = list(dict.fromkeys(names[c] for c in close))[:3]
    hint = f"; did you mean: {', '.join(suggestions)}?" if suggestions else ""
    raise NoSuchEntity(f"no entity matches {value!r}{hint}")
