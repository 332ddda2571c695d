"""Every form pymorphy2 gives a word: a name written in one case matched with the same name in
another ("Маккаррика" / "Маккаррик", "Найджела" / "Найджел"), in an article (entities.py) and
across the warehouse (tasks/warehouse/resolve.py)."""
from __future__ import annotations

import functools


@functools.lru_cache(maxsize=50_000)  # bounded: a long run meets ever more names
def word_forms(word: str, morph_vocab) -> frozenset[str]:
    """The forms of the lexemes of pymorphy2's first three readings of the word, lowercase, е for ё."""
    return frozenset(form.word.replace("ё", "е") for parse in morph_vocab.parse(word.lower())[:3]
                     for form in parse.lexeme)
