"""Latin look-alike letters inside Cyrillic words, and Cyrillic ones inside Latin words.

News text pasted from elsewhere mixes the two scripts in one word ("CША" with a Latin C,
"Евроcоюзу", "Сinram"): the tagger then reads an unknown word, and "CША" became an organisation
of its own. The annotation reads a copy with each mixed word written in one script: the script
of most of its letters (Cyrillic on a tie), when every letter of the other has a look-alike in it;
a word such as "АКИpress" ("И" has none) is left as written. A letter is replaced by one letter,
so every offset into the copy is an offset into the text the article keeps.
"""
from __future__ import annotations

import re

LATIN_TO_CYRILLIC = str.maketrans("AaBCcEeHKkMOoPpTXxYy", "АаВСсЕеНКкМОоРрТХхУу")
CYRILLIC_TO_LATIN = str.maketrans("АаВСсЕеНКкМОоРрТХхУу", "AaBCcEeHKkMOoPpTXxYy")
# a whole word with a Latin letter next to a Cyrillic one somewhere in it (the others are left alone)
MIXED_WORD = re.compile(r"(?<![A-Za-zА-Яа-яЁё])(?=[A-Za-zА-Яа-яЁё]*(?:[A-Za-z][А-Яа-яЁё]|[А-Яа-яЁё][A-Za-z]))"
                        r"[A-Za-zА-Яа-яЁё]+")
CYRILLIC = re.compile(r"[А-Яа-яЁё]")
LATIN = re.compile(r"[A-Za-z]")


def _one_script(word: str) -> str:
    cyrillic, latin = len(CYRILLIC.findall(word)), len(LATIN.findall(word))
    if not cyrillic or not latin:
        return word
    for table, count, other in ((LATIN_TO_CYRILLIC, latin, cyrillic), (CYRILLIC_TO_LATIN, cyrillic, latin)):
        if count <= other:
            written = word.translate(table)
            if not (CYRILLIC.search(written) and LATIN.search(written)):
                return written
    return word


def in_one_script(text: str) -> str:
    """The text with each word that mixes Latin and Cyrillic letters written in one script, where
    look-alikes allow (same length, same offsets)."""
    if not (CYRILLIC.search(text) and LATIN.search(text)):
        return text
    return MIXED_WORD.sub(lambda match: _one_script(match.group(0)), text)
