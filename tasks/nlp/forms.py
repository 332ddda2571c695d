"""Word forms by pymorphy2 for matching a name written in one case with the same name in another
("Маккаррика" / "Маккаррик", "Найджела" / "Найджел"), in an article (entities.py) and across the
warehouse (tasks/warehouse/resolve.py, tasks/reporting/entity_lookup.py), and the readings both
ask about (a nominative, a man's or a woman's first name)."""
from __future__ import annotations

import functools


@functools.lru_cache(maxsize=50_000)  # bounded: a long run meets ever more names
def word_forms(word: str, morph_vocab) -> frozenset[str]:
    """The forms of the lexemes of pymorphy2's first three readings of the word, lowercase, е for ё."""
    return frozenset(form.word.replace("ё", "е") for parse in morph_vocab.parse(word.lower())[:3]
                     for form in parse.lexeme)


@functools.cache
def morph_vocab():
    """pymorphy2's analyser as natasha sets it up (Python 3.11+), built once, for the processes that
    load no NLP models (the load's resolution, report lookups); extraction uses Models.morph_vocab."""
    from natasha import MorphVocab

    from tasks.nlp.models import point_pymorphy_at_its_dictionary

    point_pymorphy_at_its_dictionary()
    return MorphVocab()


@functools.lru_cache(maxsize=50_000)
def reads_as_nominative(word: str, morph_vocab, plural: bool = False) -> bool:
    """Whether pymorphy2's likeliest reading of the word is a nominative (singular unless `plural`:
    "Канны"). Any reading would do for too many: an unknown word gets a nominative guess."""
    parses = morph_vocab.parse(word)
    return bool(parses) and parses[0].tag.case == "nomn" and (plural or parses[0].tag.number != "plur")


@functools.lru_cache(maxsize=50_000)
def reads_as_genitive(word: str, morph_vocab) -> bool:
    """Whether any pymorphy2 reading of the word is a genitive ("России", "Украины") or takes no
    case at all ("США", "РФ")."""
    return any("gent" in parse.tag or "Fixd" in parse.tag for parse in morph_vocab.parse(word.lower()))


@functools.lru_cache(maxsize=20_000)
def reads_as_first_name(word: str, morph_vocab, gender: str, likeliest: bool = False) -> bool:
    """Whether pymorphy2 reads the word as a first name of the gender ("masc", "femn"): by any of
    its nominative readings, or with `likeliest` by its first reading in whatever case (a name's
    word at load, already in the nominative: "джулиан")."""
    parses = morph_vocab.parse(word.lower())
    if likeliest:
        return bool(parses) and "Name" in parses[0].tag and parses[0].tag.gender == gender
    return any("Name" in parse.tag and parse.tag.gender == gender and parse.tag.case == "nomn"
               for parse in parses)


@functools.lru_cache(maxsize=20_000)
def adjective_lemma(word: str, morph_vocab) -> str | None:
    """The normal form of pymorphy2's likeliest reading of the word when it is an adjective
    ("украинских" → "украинский"), else None."""
    parses = morph_vocab.parse(word.lower())
    return parses[0].normal_form.replace("ё", "е") if parses and parses[0].tag.POS == "ADJF" else None
