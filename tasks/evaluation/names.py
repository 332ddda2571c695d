"""Does a canonical name read as nominative? The measure behind "inflected canonical names".

pymorphy2 (through natasha's MorphVocab) is the judge. A word reads as nominative when one of
its parses is in the nominative; a person's words must also agree with the gender the first
name gives ("Светлана Медведева" passes, "Барак Обамы" and "Ангеле Меркель" do not). For places
and organisations only the first word is judged: "Министерство иностранных дел" keeps its
genitive dependents, "Верховным судом" does not pass. Words pymorphy cannot read (Latin,
digits, initials) are not counted against a name.
"""
from __future__ import annotations

import re

WORD = re.compile(r"[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)*")
CASED = {"NOUN", "ADJF", "PRTF"}
NAME_TAGS = {"Name", "Surn", "Patr"}
# Russian surnames in their nominative: pymorphy's dictionary lacks most of them ("Ниязов").
MASC_SURNAME = re.compile(r"(?:ов|ев|ёв|ин|ын|ский|цкий)$")
FEMN_SURNAME = re.compile(r"(?:ова|ева|ёва|ина|ына|ская|цкая)$")


def _gender(parse) -> str | None:
    for gram in ("masc", "femn", "ms-f"):
        if gram in parse.tag:
            return gram
    return None


def _first_name_gender(words: list[str], morph_vocab) -> set[str] | None:
    """The genders a nominative first name among the words allows, None if there is none."""
    for word in words:
        genders = {_gender(p) for p in morph_vocab(word)
                   if "Name" in p.tag and "nomn" in p.tag and "sing" in p.tag and "Fixd" not in p.tag}
        if genders:
            return genders
    return None


def _nominative(word: str, morph_vocab, genders: set[str] | None, person: bool = False) -> bool:
    if not person and "-" in word:  # "Ростов-на-Дону", "Сан-Паулу": any part may carry the case
        return any(_nominative(part, morph_vocab, None) for part in word.split("-") if len(part) > 2)
    word = word.rsplit("-", 1)[-1]  # "Буш-старший": the last part inflects
    parses = [p for p in morph_vocab(word) if p.tag.POS in CASED
              and (not person or (NAME_TAGS & set(p.tag.grammemes) and "plur" not in p.tag))]
    if not parses:  # unknown, an abbreviation, or read as no (person) noun: nothing to judge
        return True
    if person and genders != {"femn"} and MASC_SURNAME.search(word):
        return True
    if person and genders != {"masc"} and FEMN_SURNAME.search(word):
        return True
    for parse in parses:
        if "nomn" not in parse.tag:
            continue
        gender = _gender(parse)
        if genders is None or gender is None or gender == "ms-f" or gender in genders or "Fixd" in parse.tag:
            return True
    return False


def reads_as_nominative(name: str, entity_type: str, morph_vocab) -> bool:
    words = [w for w in WORD.findall(name) if len(w) > 1]
    if entity_type != "PER":  # the first word heads the name; an abbreviation does not inflect
        return not words or words[0].isupper() or _nominative(words[0].lower(), morph_vocab, None)
    words = [w.lower() for w in words if not w.isupper()]
    genders = _first_name_gender(words, morph_vocab)
    return all(_nominative(word, morph_vocab, genders, person=True) for word in words)
