"""Canonical names: a mention's name in the nominative ("Барак Обамы" → "Барак Обама").

Natasha's own normaliser puts a word in the nominative only when a pymorphy2 form agrees with
the tagger in part of speech, gender, number and case all at once. Foreign names break that:
pymorphy reads "Обамы" as a surname of common gender (ms-f) while the tagger says masculine, so
"Обамы" stayed as it was. Here the match is relaxed step by step, but never past what pymorphy
can justify:

1. natasha's strict match (part of speech, gender, number, case);
2. the tagger's case and number with any gender that fits the person (or of common gender); a
   man's name in -а read as a feminine noun fits him in "-ы" and "-ой" ("Нельсона Манделы",
   "Станисласом Вавринкой": first_declension);
3. for people, a name / surname / patronymic reading (pymorphy's Name, Surn, Patr tags) in the
   tagger's case;
4. for people, when the tagger's case fits no reading, the one oblique case pymorphy reads the
   word as a name in ("Илюшкиным");
5. for people, a nominative that pymorphy inflects back into exactly the word ("Фокса" ← "Фокс":
   its dictionary reads "Фокса" as an abbreviation).

A nominative must keep the word's stem (only the last three letters may change: pymorphy
guesses "Шольцем" ← "Шолец", which is rejected, and step 4 finds "Шольц"), unless the word is a
first name whose paradigm pymorphy's dictionary holds ("Львом" ← "Лев").

A word with no such reading, or an indeclinable one (Fixd: "Моди", "Меркель"), stays as it is;
so does a person's name in -и or -е the dictionary does not know, rather than take a guessed
nominative in -я or -ь ("Уитни", not "Уитня": _made_up_soft_stem).
Organisations inflect only their head and its adjectives ("Верховным судом" → "Верховный суд",
"Министерства иностранных дел" → "Министерство иностранных дел"), as natasha's syntax
normaliser does. Quotes are not part of a name: `РИА "Новости"` is "РИА Новости".
"""
from __future__ import annotations

import functools
import itertools
import re
from collections import Counter
from dataclasses import dataclass

NAME_TAGS = frozenset({"Name", "Surn", "Patr"})
QUOTES = re.compile(r"[\"«»„“”]")
INFLECTED_POS = {"PROPN", "NOUN", "ADJ", "VERB"}


def _pos_match(a: str, b: str) -> bool:
    return (a if a != "PROPN" else "NOUN") == (b if b != "PROPN" else "NOUN")


def _choose_form(forms, pos: str, feats: dict, gender: str | None, person: bool):
    """The reading of a word the tagger's analysis supports best, or None (see module doc)."""
    case, number = feats.get("Case"), feats.get("Number")
    same_case = [f for f in forms if _pos_match(f.pos, pos) and f.feats.get("Case") == case]
    for form in same_case:  # 1. natasha's strict match
        if f_gender(form) == feats.get("Gender") and form.feats.get("Number") == number:
            return form
    fitting = [f for f in same_case if f.feats.get("Number") == number
               and (f_gender(f) in (gender, None) or "ms-f" in f.tag
                    or person and first_declension(gender, f_gender(f), f.normal, f.word))]
    if person:  # a reading as a name beats a common noun ("Обама", not "обам")
        fitting.sort(key=lambda f: not (NAME_TAGS & set(f.tag.grammemes)))
    if fitting:  # 2.
        return fitting[0]
    if pos == "ADJ" and not person:
        # an adjective pymorphy knows only otherwise: as an adjective-declined surname
        # ("Кудринской площади"), a participle ("Объединенным советом"), a noun ("Кутафьей башни")
        for form in forms:
            if (form.pos in ("NOUN", "VERB") and form.feats.get("Case") == case
                    and form.feats.get("Number") == number and f_gender(form) in (feats.get("Gender"), None)):
                return form
    if person:  # 3.
        names = [f for f in forms if "sing" in f.tag and NAME_TAGS & set(f.tag.grammemes)]
        in_case = [f for f in names if f.feats.get("Case") == case]
        if in_case:
            return in_case[0]
        # 4. the tagger's case is wrong for this word, but pymorphy reads it as a name or surname
        # in one oblique case only ("Илюшкиным": instrumental)
        cases = {f.feats.get("Case") for f in names if f.feats.get("Case") and "Fixd" not in f.tag}
        if len(cases) == 1 and "Nom" not in cases:
            return names[0]
    return None


def f_gender(form) -> str | None:
    return form.feats.get("Gender")


def first_declension(gender: str | None, form_gender: str | None, nominative: str, oblique: str) -> bool:
    """Whether a man's name in -а ("Мандела", "Вавринка") declining as a feminine noun does can be
    the nominative of `oblique`. Only "-ы" and "-ой" count: "-и", "-е", "-у", "-ей" may as well be
    foreign and indeclinable or a nominative ("Драги", "Кутзее", "Чжаньшу", "Ондржей")."""
    return (gender == "Masc" and form_gender == "Fem" and nominative.endswith("а")
            and oblique.endswith(("ы", "ой")))


def _keeps_stem(word: str, nominative: str) -> bool:
    """An inflection changes the ending only: "Шольцем" is not the case form of "Шолец"."""
    stem = len(word) - 3
    return nominative[:stem] == word[:stem]


def _dictionary_first_name(form, readings, word: str, morph_vocab) -> bool:
    """A first name pymorphy's dictionary itself declines, fleeting vowel and all ("Львом" ←
    "Лев"): its paradigm is known, not guessed from the ending as "Шольцем" ← "Шолец" is."""
    return morph_vocab.word_is_known(word) and any(
        "Name" in reading.tag and reading.normal == form.normal for reading in readings)


def _back_formed(word: str, case: str, gender: str | None, morph_vocab) -> str | None:
    """The one nominative that pymorphy inflects back into exactly this word ("Фокса" ← "Фокс"),
    for foreign surnames its dictionary reads as something else; None when none or several do."""
    stems = {word[:-cut] for cut in (1, 2, 3) if len(word) - cut >= 3}
    candidates = {stem + ending for stem in stems for ending in ("", "а", "я", "ь", "й")}
    found = set()
    for candidate in candidates - {word}:
        for form in morph_vocab(candidate):
            if ("Abbr" in form.tag or form.feats.get("Case") != "Nom" or "sing" not in form.tag or form.tag.POS != "NOUN"
                    or gender and f_gender(form) not in (gender, None) and "ms-f" not in form.tag
                    and not first_declension(gender, f_gender(form), candidate, word)):
                continue
            back = form.inflect({case})
            if back is not None and back.word == word:
                found.add(candidate)
    return found.pop() if len(found) == 1 else None


def _made_up_soft_stem(word: str, nominative: str, morph_vocab) -> bool:
    """A nominative in -я or -ь that pymorphy2 guessed for a name its dictionary does not know,
    ending in -и or -е: such a name is foreign and indeclinable far more often ("Уитни",
    "Ципи", "Пеле", "Гандольфини") than the case of a made-up "Уитня", "Ципь", "Пель". Names
    in -ия and -йя are left to the guess: "Аурелии" → "Аурелия", "Арайи" → "Арайя"."""
    return (word.endswith(("и", "е")) and not word.endswith(("ии", "ие", "йи", "йе"))
            and nominative.endswith(("я", "ь")) and not morph_vocab.word_is_known(word))


@functools.lru_cache(maxsize=50_000)  # news repeats the same names; pymorphy is the cost
def _nominative_word(word: str, pos: str, feats: tuple, gender: str | None, person: bool,
                     morph_vocab) -> str:
    feats_dict = dict(feats)
    lower = word.lower().replace("ё", "е")
    if pos not in INFLECTED_POS or feats_dict.get("Case") in (None, "Nom"):
        return lower
    # A word with one capital is no abbreviation: pymorphy's guess "Фокса" = ФОКСА (Abbr) is
    # dropped, "ЮКОСа" keeps its reading.
    abbreviation = sum(c.isupper() for c in word) > 1
    forms = [f for f in morph_vocab(lower) if abbreviation or "Abbr" not in f.tag]
    form = _choose_form(forms, pos, feats_dict, gender, person)
    if form is not None and "Fixd" in form.tag:
        return lower
    inflected = form.inflect({"Nom"}) if form is not None else None
    if inflected is not None and person and _made_up_soft_stem(lower, inflected.word, morph_vocab):
        return lower
    if inflected is not None and (_keeps_stem(lower, inflected.word.replace("ё", "е"))
                                  or person and _dictionary_first_name(form, forms, lower, morph_vocab)):
        return inflected.word.replace("ё", "е")
    if person and pos in ("PROPN", "NOUN"):  # 5.
        return _back_formed(lower, feats_dict["Case"], gender, morph_vocab) or lower
    if form is not None and form.pos == "ADJ":
        return _adjective_nominative(lower, form, morph_vocab) or lower
    return lower


ADJECTIVE_ENDINGS = ("ий", "ый", "ой", "ая", "яя", "ое", "ее", "ие", "ые")


def _adjective_nominative(word: str, form, morph_vocab) -> str | None:
    """The nominative of an adjective whose paradigm pymorphy inflects into another word
    ("высшего" → "высочайший"): the word's stem with the ending of an adjective pymorphy reads as
    the same adjective in the nominative, same gender and number ("высший")."""
    gender, number = f_gender(form), form.feats.get("Number")
    for cut in (2, 3):
        stem = word[:-cut]
        for ending in ADJECTIVE_ENDINGS:
            for reading in morph_vocab(stem + ending):
                if (reading.pos == "ADJ" and reading.normal == form.normal and reading.feats.get("Case") == "Nom"
                        and reading.feats.get("Number") == number and f_gender(reading) == gender):
                    return stem + ending
    return None


ADJECTIVE_LEMMA_ENDINGS = ("ий", "ый", "ой")


def reads_as_adjective(token) -> bool:
    """An adjective, or a proper noun whose lemma declines as one: the tagger calls some
    adjectives of names proper nouns ("Ровненская", "Нежухивским")."""
    return token.pos == "ADJ" or token.pos == "PROPN" and (token.lemma or "").endswith(ADJECTIVE_LEMMA_ENDINGS)


def _noun_root(token) -> bool:
    return token.pos in ("NOUN", "PROPN") and not reads_as_adjective(token)


def _same_number(child, head) -> bool:
    """An adjective agrees with its noun in number; a plural one under a singular noun is the
    parser's (the adjective of a lost dependent: "Организации Объединённых Наций")."""
    a, b = (child.feats or {}).get("Number"), (head.feats or {}).get("Number")
    return a is None or b is None or a == b or head.pos not in ("NOUN", "PROPN")


def _inflectable_ids(tokens) -> set[str]:
    """The head of a phrase and the adjectives and participles agreeing with it (natasha's
    rule; a token the parser made its own head counts as a root too). Only the first noun the
    parser leaves without a head inside the span is the head: the later ones are its dependents
    the parser lost ("Администрации президента" is "Администрация президента", not "Администрация
    президент"), and so are their adjectives, unless one before the head agrees with it in case."""
    index = {token.id: token for token in tokens}
    children: dict[str, list[str]] = {}
    roots = []
    for token in tokens:
        if token.head_id not in index or token.head_id == token.id:
            roots.append(token.id)
        else:
            children.setdefault(token.head_id, []).append(token.id)
    nouns = [token_id for token_id in roots if _noun_root(index[token_id])]
    roots = [token_id for token_id in roots if token_id not in nouns[1:]]
    selected, stack = set(), list(roots)
    while stack:
        token_id = stack.pop()
        selected.add(token_id)
        stack.extend(child for child in children.get(token_id, [])
                     if index[child].pos in ("ADJ", "VERB") and _same_number(index[child], index[token_id]))
    if nouns:
        case = (index[nouns[0]].feats or {}).get("Case")
        for token in itertools.takewhile(lambda token: token.id != nouns[0], tokens):
            if token.pos == "ADJ" and case is not None and (token.feats or {}).get("Case") == case:
                selected.add(token.id)
    return selected


def _shaped(words: list[str], tokens) -> list[str]:
    """Each word in its token's letter case; "ЮКОСа" → "ЮКОС" (the capitals it keeps stay)."""
    from natasha.norm import recover_shapes

    shaped = list(recover_shapes(words, tokens))
    for index, (word, token) in enumerate(zip(shaped, tokens)):
        if word.islower() and not token.text.islower():
            shaped[index] = "".join(original if original.lower() == letter else letter
                                    for letter, original in zip(word, token.text)) + word[len(token.text):]
    return shaped


def _person_gender(tokens) -> str | None:
    genders = Counter(t.feats.get("Gender") for t in tokens if t.feats and t.feats.get("Gender"))
    return genders.most_common(1)[0][0] if genders else None


def _part_pos(part: str, pos: str, morph_vocab) -> str:
    """"старшему" in "Бушу-старшему" agrees as an adjective."""
    forms = morph_vocab(part.lower())
    return "ADJ" if forms and forms[0].tag.POS == "ADJF" else pos


def _hyphenated(word: str, pos: str, feats: tuple, gender, person: bool, morph_vocab) -> str:
    """Each part of "Бушу-старшему", "Петропавловска-Камчатского" inflects on its own, up to a
    lowercase linking word: "Ростове-на-Дону" → "Ростов-на-Дону"."""
    parts = word.split("-")
    done = []
    for index, part in enumerate(parts):
        if part.islower() and index > 0 and not _part_pos(part, pos, morph_vocab) == "ADJ":
            return "-".join(done + parts[index:])
        done.append(_nominative_word(part, _part_pos(part, pos, morph_vocab), feats, gender, person, morph_vocab)
                    if len(part) > 1 else part)
    return "-".join(done)


def _sing_cases(word: str, morph_vocab) -> set[str]:
    return {f.feats.get("Case") for f in morph_vocab(word.lower().replace("ё", "е"))
            if f.tag.POS == "NOUN" and "sing" in f.tag and "Fixd" not in f.tag}


def _given_name_reading(tokens, morph_vocab) -> dict | None:
    """The case and gender of a person's first name, when pymorphy reads it as a first name in
    the case and gender the tagger gives it: the parts of a name share them, and the tagger
    reads a surname's ending less well ("Юлю Волкову": the surname as a man's dative). Taken for
    a surname the tagger gives another gender, or with an ending no nominative has
    (OBLIQUE_ONLY: "Йоргеном Амундсеном", "Джулиана Ассанжа", "Веселину Топалову"); a surname in
    a vowel and "-у" may be written indeclinable ("Андриану Канду") and stays."""
    if len(tokens) < 2 or not tokens[0].feats:
        return None
    case, gender = tokens[0].feats.get("Case"), tokens[0].feats.get("Gender")
    if case is None or gender is None:
        return None
    for form in morph_vocab(tokens[0].text.lower().replace("ё", "е")):
        if "Name" in form.tag and form.feats.get("Case") == case and f_gender(form) == gender:
            return {"Case": case, "Gender": gender}
    return None


# Endings of a surname in a case no nominative of it has: the instrumental; a man's genitive
# "-а" after a consonant ("Ассанжа", "Куглера"; a surname that ends in "-а" itself declines to
# "-ы" unless written indeclinable, and news write few such); a Russian-type dative ("Топалову").
OBLIQUE_ONLY = {("Ins", "Masc"): re.compile(r"(ом|ем|ём|ым|им)$"), ("Ins", "Fem"): re.compile(r"(ой|ей)$"),
                ("Gen", "Masc"): re.compile(r"[бвгджзклмнпрстфхцчшщ]а$"),
                ("Dat", "Masc"): re.compile(r"(ову|еву|ину|ыну|ому|ему|ю)$")}


def _oblique_only(word: str, given: dict) -> bool:
    pattern = OBLIQUE_ONLY.get((given["Case"], given["Gender"]))
    return pattern is not None and bool(pattern.search(word.lower()))


def _takes_given(token, given: dict, morph_vocab) -> bool:
    """Whether a later part of a name takes the first name's case and gender (_given_name_reading):
    the tagger gave it another gender, or its ending is no nominative's, and pymorphy reads it in
    that case and gender (the dictionary last: the text's checks are cheaper)."""
    if given["Gender"] == (token.feats or {}).get("Gender") and not _oblique_only(token.text, given):
        return False
    return any(form.pos in ("NOUN", "PROPN") and form.feats.get("Case") == given["Case"]
               and f_gender(form) == given["Gender"] and "sing" in form.tag
               for form in morph_vocab(token.text.lower().replace("ё", "е")))


def _person_case(tokens, morph_vocab) -> str | None:
    """The oblique case every part of a person's name can only be in, when the tagger read the
    name as nominative but pymorphy has no nominative reading of it ("с Олафом Шольцем")."""
    readings = [_sing_cases(t.text, morph_vocab) for t in tokens if t.pos in ("PROPN", "NOUN")]
    readings = [r for r in readings if r]
    if not readings or any("Nom" in r for r in readings):
        return None
    common = set.intersection(*readings)
    return common.pop() if len(common) == 1 else None


def canonical_name(span, morph_vocab, common: bool = False) -> str:
    """The nominative name of a NER span (natasha DocSpan with tagged tokens); `common` for a
    phrase of common words (phrase_name), whose hyphenated words the dictionary may know whole
    ("премьер-министров" → "премьер-министры")."""
    from natasha.norm import recover_spaces

    tokens = [t for t in span.tokens if not QUOTES.fullmatch(t.text)]
    if not tokens:
        return span.text
    person = span.type == "PER"
    gender = _person_gender(tokens) if person else None
    inflect = _inflectable_ids(tokens) if span.type == "ORG" else None
    case = None
    if person and all((t.feats or {}).get("Case") == "Nom" for t in tokens):
        case = _person_case(tokens, morph_vocab)
    given = _given_name_reading(tokens, morph_vocab) if person and case is None else None
    words = []
    by_id = {token.id: token for token in tokens}
    for index, token in enumerate(tokens):
        token_feats = (_agreeing(token, by_id.get(token.head_id), morph_vocab)
                       or _feats_of_noun_after(token, tokens[index + 1:]))
        if inflect is not None and token.id not in inflect or not token_feats:
            words.append(token.text)
            continue
        feats = tuple(sorted(({**token_feats, "Case": case} if case else token_feats).items()))
        pos = token.pos
        if not person and _adjective_of_next(token, tokens[index + 1:index + 2], morph_vocab):
            pos = "ADJ"
        if given is not None and index > 0 and _takes_given(token, given, morph_vocab):
            feats = tuple(sorted({**dict(feats), **given}.items()))
        if "-" in token.text and not (common and morph_vocab.word_is_known(token.text.lower())):
            words.append(_hyphenated(token.text, pos, feats, gender, person, morph_vocab))
            continue
        words.append(_nominative_word(token.text, pos, feats, gender, person, morph_vocab))
    return " ".join(recover_spaces(_shaped(words, tokens), tokens).split())


def _agreeing(token, head, morph_vocab) -> dict | None:
    """An adjective's analysis in the gender of the singular noun it modifies, when pymorphy
    reads the word so too: the tagger reads "-ого" as masculine wherever it can ("Казанского
    высшего военного командного училища" is "Казанское высшее военное командное училище"), but
    "Винницким городским головой" stays a man's."""
    feats = token.feats
    if (not feats or token.pos != "ADJ" or head is None or head.pos != "NOUN" or not head.feats
            or head.feats.get("Number") != "Sing" or feats.get("Number") != "Sing"
            or head.feats.get("Gender") in (None, feats.get("Gender"))):
        return feats
    gender = head.feats["Gender"]
    if not any(form.pos == "ADJ" and form.feats.get("Case") == feats.get("Case") and f_gender(form) == gender
               for form in morph_vocab(token.text.lower().replace("ё", "е"))):
        return feats
    return {**feats, "Gender": gender}


def _feats_of_noun_after(token, following: list) -> dict:
    """An adjective the tagger gave no case, gender or number ("Северо-Кавказском регионе") agrees
    with the noun after it, and takes them from it."""
    noun = next((t for t in following if t.pos != "ADJ"), None)
    if token.pos != "ADJ" or noun is None or noun.pos != "NOUN" or not noun.feats:
        return {}
    return {name: noun.feats[name] for name in ("Case", "Gender", "Number") if name in noun.feats}


def _adjective_of_next(token, following: list, morph_vocab) -> bool:
    """A word the tagger calls a proper noun that is an adjective of the noun after it
    ("Кудринской площади", "Марианской впадины", "Высшего арбитражного суда"): pymorphy reads it as
    an adjective in the case of that word."""
    if token.pos != "PROPN" or not following:
        return False
    case = (token.feats or {}).get("Case")
    after = following[0]
    if after.pos not in ("NOUN", "PROPN", "ADJ") or case in (None, "Nom") or (after.feats or {}).get("Case") != case:
        return False
    return any(form.pos == "ADJ" and form.feats.get("Case") == case
               for form in morph_vocab(token.text.lower().replace("ё", "е")))


@dataclass
class TokenSpan:
    """Tokens with their text and entity type: enough for canonical_name (a part of a NER span,
    or a noun phrase read as an organisation's name)."""
    text: str
    type: str
    tokens: list


def phrase_name(text: str, tokens, morph_vocab, opens_sentence: bool = False) -> str:
    """The nominative of a noun phrase no entity names, for grouping by name: its head and the
    words agreeing with it inflected, the rest kept ("военнослужащих" → "военнослужащие",
    "правительства области" → "правительство области", "главой государства" → "глава
    государства"). A capital only the sentence's start gave it, on a word the dictionary knows as no
    name, is dropped ("Полиция задержала" → "полиция"); a name's, an abbreviation's and one inside
    a sentence are kept ("ГИБДД", "на Каннском фестивале")."""
    if not tokens:
        return text
    # inflected as an organisation's name: its head and the words agreeing with it
    name = canonical_name(TokenSpan(text, "ORG", list(tokens)), morph_vocab, common=True)
    first = tokens[0]
    if (opens_sentence and first.text[:1].isupper() and not first.text[1:2].isupper()
            and _common_word(first.text, morph_vocab)):
        name = name[:1].lower() + name[1:]
    return name if name.strip() else text   # never an empty name: validation would quarantine it


PROPER_TAGS = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad", "Abbr"})


def _common_word(word: str, morph_vocab) -> bool:
    """Whether pymorphy's dictionary knows the word as a common word, not a name ("Спецназ", which
    the tagger may call a proper noun at a sentence's start, but not "Европа")."""
    forms = morph_vocab.parse(word.lower())
    return bool(forms) and not any(PROPER_TAGS & set(f.tag.grammemes) for f in forms) and all(
        morph_vocab.word_is_known(part) for part in word.lower().split("-"))
