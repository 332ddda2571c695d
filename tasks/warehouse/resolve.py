"""Cross-document resolution of partial person names, inside a run's load transaction.

Extraction resolves "Путин" to "Владимир Путин" only when the same article names him in full.
At load the whole warehouse is known: a surname alone (or initials and a surname) that fits
exactly one full-name person becomes a redirect to it; one that fits several stays apart and its
candidates are recorded. A full name spelt another way ("Тереза Мей" / "Тереза Мэй") redirects to
the more mentioned spelling, and so does a full name with or without its patronymic ("Нурсултан
Абишевич Назарбаев" / "Нурсултан Назарбаев"); redirects found together are followed to their end.
A full name left in another case ("Найджела Фараж", "Луганская области") joins the form it declines from
(inflected_names, by pymorphy2's forms, which SQL does not have). A partial name that fitted
several names which those merges then joined follows them (settle_candidates). The rules are in
sql/load/resolve_people.sql, sql/load/case_forms.sql and sql/load/settle_candidates.sql; the as-of macros of
sql/schema/005_entity_resolution.sql read mentions through the redirects.
"""
from __future__ import annotations

import re

import duckdb

from tasks.settings import ALIASES_CSV
from tasks.warehouse.sql import sql_file

# What a Russian given name ends with in its cases after its stem: two names that part only in
# these ("Ангеле" / "Ангела") are case forms of one, not two spellings (resolve_people.sql).
CASE_ENDINGS = ["", "а", "я", "у", "ю", "е", "и", "ы", "ой", "ей", "ом", "ем", "ою", "ею", "ия", "ию", "ии", "ие"]


def resolve_people(con: duckdb.DuckDBPyConnection, run_id: int) -> tuple[int, int]:
    """Record this run's redirects and candidates; return (merged, ambiguous) partial names."""
    rows = con.execute(sql_file("load", "resolve_people.sql"),
                       {"run_id": run_id, "case_endings": CASE_ENDINGS}).fetchall()
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


def settle_candidates(con: duckdb.DuckDBPyConnection, run_id: int) -> int:
    """Redirect each ambiguous partial name whose candidates now lead to one entity (this run's
    spelling and inflection merges joined them) to that entity; returns how many
    (sql/load/settle_candidates.sql; after inflected_names, in the same transaction)."""
    rows = con.execute(sql_file("load", "settle_candidates.sql")).fetchall()
    for entity_id, target_id, reason in rows:
        con.execute(sql_file("queries", "insert_redirect.sql"),
                    {"entity_id": entity_id, "target_id": target_id, "reason": reason, "run_id": run_id})
    return len(rows)


def record_aliases(con: duckdb.DuckDBPyConnection, run_id: int) -> None:
    """Add to entity_aliases the forms this run gave its entities and the forms of the names it
    merged (sql/load/entity_aliases.sql; after resolve_people, in the same transaction)."""
    con.execute(sql_file("load", "entity_aliases.sql"), {"run_id": run_id, "lexicon": str(ALIASES_CSV)})


# A masculine surname and its feminine form ("Медведев" / "Медведева", "Завершинский" /
# "Завершинская") may be two people, a man and a woman, as well as one in two cases: left apart,
# unless both go with the same man's first name ("Джулиан Ассанж" / "Джулиан Ассанжа").
FEMININE_ENDINGS = (("", "а"), ("ий", "ая"), ("ой", "ая"))


def gendered_pair(x: str, y: str) -> bool:
    """Whether two surnames are a masculine one and its feminine form."""
    return any(m.endswith(masculine) and f.endswith(feminine)
               and m[:len(m) - len(masculine)] == f[:len(f) - len(feminine)]
               for masculine, feminine in FEMININE_ENDINGS for m, f in ((x, y), (y, x)))


def target_rank(entity_type: str, words: list[str], mentions: int, is_target: bool, entity_id: str) -> tuple:
    """Which form of a group the others join: a redirect's target already; then the one with the
    most words read as a nominative singular ("Ангела Меркель", not the more mentioned "Ангеле
    Меркель"; "Эмир Кустурица", not "Эмир Кустурицы"), for a place or an organisation then as a
    nominative plural ("Канны"); then the most mentioned. pymorphy2 guesses unknown words, so a
    form the canonical name made up can still win ("Паоле Маргарита ...")."""
    from tasks.nlp.forms import morph_vocab, reads_as_nominative

    singular = sum(reads_as_nominative(w, morph_vocab()) for w in words)
    # a person's name is singular ("Джоэл Коэны" is the brothers); a place's may be plural ("Канны")
    plural = sum(reads_as_nominative(w, morph_vocab(), plural=True) for w in words) if entity_type != "PER" else 0
    return (is_target, singular, plural, mentions, entity_id)


def case_forms(a: list[str], b: list[str], entity_type: str = "PER") -> bool:
    """Whether two names are one name in two cases: word by word equal or forms of one another
    ("Найджела Фараж" / "Найджел Фараж", "Кондолиззу Райс" / "Кондолизза Райс", "Госдуме" / "Госдума";
    a man's and a woman's surname only after the same man's first name), or a person's names alike
    but for surnames with a case form in common ("Ирина Ярова" / "Ирина Яровая": "Яровой"). A place or an organisation
    inflects its head noun and the words before it, never the words its head governs
    ("Партии регионов" / "Партия регионов", "Луганской области" / "Луганская область", but not
    "Центр частного права" / "Центр частное право": the two are written alike after the head)."""
    if a == b or len(a) != len(b):
        return False
    from tasks.nlp.forms import morph_vocab, reads_as_first_name, word_forms

    vocab = morph_vocab()
    if entity_type != "PER" and len(a) > 1:
        after_head = head_noun(a, vocab) + 1
        if a[after_head:] != b[after_head:]:
            return False
    same_mans_name = a[:-1] == b[:-1] and reads_as_first_name(a[0], vocab, "masc", likeliest=True)
    if gendered_pair(a[-1], b[-1]) and not same_mans_name:
        return False
    if all(x == y or y in word_forms(x, vocab) or x in word_forms(y, vocab) for x, y in zip(a, b)):
        return True
    # Two nominatives read back from one oblique form: an article that only writes "Ирины Яровой"
    # gives "Ирина Ярова" (pymorphy's dictionary holds both surnames), another "Ирина Яровая"
    return entity_type == "PER" and a[:-1] == b[:-1] and bool(word_forms(a[-1], vocab) & word_forms(b[-1], vocab))


def head_noun(words: list[str], vocab) -> int:
    """The index of a name's first word pymorphy2 likeliest reads as a noun (its head: "Партия
    регионов", "Луганская область"), else of its last word."""
    for index, word in enumerate(words):
        parses = vocab.parse(word)
        if parses and parses[0].tag.POS == "NOUN":
            return index
    return len(words) - 1


def inflected_names(con: duckdb.DuckDBPyConnection, run_id: int) -> int:
    """Redirect names this run first saw that are another case of a known one (or the other way
    round; full person names, places and organisations) to one form of them (reason
    `inflection`, the form chosen by target_rank); one that parts from it only in dashes ("Форум
    стран - экспортеров газа" / "Форум стран-экспортеров газа", "Буэнос Айрес" / "Буэнос-Айрес")
    is another spelling (reason `spelling`). This run's redirects to a joining name follow it.
    Names grouped together are one entity; a group holding two targets of earlier runs' redirects
    is left alone. Returns the names merged."""
    pairs = con.execute(sql_file("load", "case_forms.sql"), {"run_id": run_id}).fetchall()
    parent: dict[str, str] = {}
    rank: dict[str, tuple] = {}
    spelt_alike: set[frozenset[str]] = set()
    inflected: set[str] = set()

    def root(entity_id: str) -> str:
        while parent.get(entity_id, entity_id) != entity_id:
            entity_id = parent[entity_id]
        return entity_id

    for entity_type, a, a_words, a_mentions, a_target, b, b_words, b_mentions, b_target, same_spelling in pairs:
        if same_spelling:
            spelt_alike.add(frozenset((a, b)))
        elif case_forms(list(a_words), list(b_words), entity_type):
            inflected.update((a, b))
        else:
            continue
        rank[a] = target_rank(entity_type, list(a_words), a_mentions, a_target, a)
        rank[b] = target_rank(entity_type, list(b_words), b_mentions, b_target, b)
        parent.setdefault(a, a)
        parent.setdefault(b, b)
        parent[root(a)] = root(b)
    groups: dict[str, list[str]] = {}
    for entity_id in parent:
        groups.setdefault(root(entity_id), []).append(entity_id)
    merged = 0
    for members in groups.values():
        if sum(rank[m][0] for m in members) > 1:
            continue
        if inflected.isdisjoint(members):
            # spellings of one case: pymorphy2 reads "Буэнос Айрес" as two nominatives and
            # "Буэнос-Айрес" as none, so the most mentioned is kept
            target = max(members, key=lambda m: (rank[m][0], rank[m][3], m))   # is_target, mentions
        else:
            target = max(members, key=lambda m: rank[m])
        for member in members:
            if member != target:
                params = {"entity_id": member, "target_id": target, "run_id": run_id}
                con.execute(sql_file("queries", "repoint_redirects.sql"), params)
                reason = "spelling" if frozenset((member, target)) in spelt_alike else "inflection"
                con.execute(sql_file("queries", "insert_redirect.sql"), {**params, "reason": reason})
                merged += 1
    return merged


# Words an abbreviation skips: "Европейский суд по правам человека" is ЕСПЧ.
ABBREVIATION_SKIPS = frozenset({"и", "по", "для", "в", "во", "на", "с", "со", "о", "об", "при", "за", "от", "к", "из"})
WORD = re.compile(r"[^\W\d_]+")


def initials(name: str) -> str:
    """The capital initials of a name's words, the short words of ABBREVIATION_SKIPS aside
    ("Федеральное бюро расследований" → ФБР, "Северо-Западный федеральный округ" → СЗФО)."""
    return "".join(word[0] for word in WORD.findall(name) if word.lower() not in ABBREVIATION_SKIPS).upper().replace("Ё", "Е")


def abbreviations(con: duckdb.DuckDBPyConnection, run_id: int) -> int:
    """Redirect an organisation's abbreviation ("ФБР") to its full name ("Федеральное бюро
    расследований", reason `abbreviation`) when an article of this run names both and that name is
    the only one of the warehouse's organisations whose initials the abbreviation's letters are:
    "НХЛ" stays apart while the warehouse knows a "Национальная хоккейная лига" besides the "Ночная
    хоккейная лига" an article spelt out (sql/load/abbreviation_pairs.sql, organisation_names.sql).
    Returns the abbreviations merged."""
    pairs = con.execute(sql_file("load", "abbreviation_pairs.sql"), {"run_id": run_id}).fetchall()
    if not pairs:
        return 0
    by_initials: dict[str, set[str]] = {}
    for entity_id, name in con.execute(sql_file("load", "organisation_names.sql"), {"run_id": run_id}).fetchall():
        by_initials.setdefault(initials(name), set()).add(entity_id)
    merged = 0
    for entity_id, name, full_id in pairs:
        if by_initials.get(name.replace("Ё", "Е")) == {full_id}:
            con.execute(sql_file("queries", "insert_redirect.sql"),
                        {"entity_id": entity_id, "target_id": full_id, "reason": "abbreviation", "run_id": run_id})
            merged += 1
    return merged
