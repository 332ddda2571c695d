"""Mentions from NER spans, and their resolution to canonical entities.

Inside an article a partial person mention ("Путин", "Путина") takes the full name
("Владимир Путин") when exactly one full name in the article contains it. Across articles the
same type + canonical name gives the same entity_id, so ids are stable without shared state.
"""
from __future__ import annotations

import bisect
import csv
import functools
import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from natasha import Doc
from natasha.doc import DocFact

from tasks.nlp.canonical import TokenSpan, canonical_name
from tasks.nlp.forms import adjective_lemma, reads_as_first_name, reads_as_genitive, word_forms
from tasks.nlp.ids import ContentIds, short_hash
from tasks.nlp.models import Models
from tasks.settings import HOME_COUNTRY, LEXICON_DIR

ENTITY_TYPES_CSV = LEXICON_DIR / "entity_types.csv"
NOT_NAMES_CSV = LEXICON_DIR / "not_names.csv"
STATE_BODIES_CSV = LEXICON_DIR / "state_bodies.csv"
ALIASES_CSV = LEXICON_DIR / "aliases.csv"


def name_key(name: str) -> str:
    """Comparison form of a name: case and ё/е differences do not make another entity."""
    return " ".join(name.replace("ё", "е").replace("Ё", "Е").casefold().split())


def entity_id_for(entity_type: str, name: str) -> str:
    return short_hash(entity_type, name_key(name))


@functools.cache
def entity_type_lexicon() -> dict[str, str]:
    """Names whose type NEREL annotators agree on (see flows/maintain/build_entity_types.py)."""
    with open(ENTITY_TYPES_CSV, encoding="utf-8") as rows:
        return {row["name_lemmas"]: row["type"] for row in csv.DictReader(rows)}


@functools.cache
def not_names() -> frozenset[str]:
    """Words (as lemmas) the NER tagger reads as names though no annotator does ("СМИ")."""
    with open(NOT_NAMES_CSV, encoding="utf-8") as rows:
        return frozenset(row["name_lemmas"] for row in csv.DictReader(rows))


@functools.cache
def alias_lexicon() -> dict[tuple[str, str], str]:
    """(type, name as lemmas) → canonical name, for other names of the same place or
    organisation: "РФ" → "Россия" (see flows/maintain/build_aliases.py)."""
    with open(ALIASES_CSV, encoding="utf-8") as rows:
        return {(row["type"], row["alias_key"]): row["name"] for row in csv.DictReader(rows)}


def canonical_entity_name(entity_type: str, normal: str, models: Models) -> str:
    """The name an entity goes by: the lexicon's for a known alias, else the normal form."""
    if entity_type == "PER":
        return normal
    return alias_lexicon().get((entity_type, lemma_key(normal, models.morph_vocab)), normal)


def corrected_type(text: str, ner_type: str, models: Models) -> str:
    """The tagger's type, unless the name is one whose type the lexicon knows better."""
    return entity_type_lexicon().get(lemma_key(text, models.morph_vocab), ner_type)


# "ОАО «Газпром»" names the organisation "Газпром": the legal form and quotes are not the name.
QUOTED_NAME = re.compile(
    r"^(ОАО|ЗАО|ООО|ПАО|АО|ГУП|ФГУП|МУП|НКО|РИА|ИА|ТК|концерн|компания|корпорация|группа)\s+[«\"„](.+?)[»\"“]$",
    re.IGNORECASE,
)
# ...but a news agency's prefix is part of its name: РИА «Новости» is the entity "РИА Новости"
# (the quoted name stays the mention, as factRuEval annotates it).
NAMING_PREFIXES = {"РИА", "ИА"}
# "Комитет защиты журналистов (КЗЖ)": the full name and the abbreviation are two mentions.
NAME_WITH_ABBREVIATION = re.compile(r"^(.+?)\s+\(([^()]+)\)$")
# "Джадд Грегг (Judd Gregg)": the person is named once; the original spelling is not a mention.
NAME_WITH_ORIGINAL = re.compile(r"^([^()]+?)\s+\([^()А-Яа-яЁё]+\)$")
PAIRS = (("(", ")"), ("«", "»"), ("„", "“"))


def repaired_bounds(text: str, start: int, stop: int) -> tuple[int, int]:
    """Span bounds with no unbalanced quote or bracket: a dangling one at an edge of the span is
    left out, one inside is closed by taking in the closing one right after the span
    (`РИА "Новости` + `"`) or the opening one right before it."""
    for opening, closing in (*PAIRS, ('"', '"')):
        span = text[start:stop]
        if opening == closing:
            unbalanced = span.count(opening) % 2
        else:
            unbalanced = span.count(opening) - span.count(closing)
        if unbalanced > 0 and span.startswith(opening):
            start += 1
        elif unbalanced and span.endswith(closing):
            stop -= 1
        elif unbalanced > 0 and text[stop:stop + 1] == closing:
            stop += 1
        elif unbalanced < 0 and start > 0 and text[start - 1] == opening:
            start -= 1
        elif unbalanced > 0 and opening == "(" and span.rfind(opening) > 0:
            # the tagger stopped inside a bracket: "Дэвид Духовны (David Duchovny, ...)",
            # "детектив Стас Северин (Игорь Скляр)": the name is what stands before it
            stop = start + span.rfind(opening)
    while stop > start and text[stop - 1].isspace():
        stop -= 1
    while start < stop and text[start].isspace():
        start += 1
    return start, stop


def balanced_normal(normal: str) -> str:
    """A normal form with no dangling bracket: Natasha normalises the span it tagged, which may
    hold a bracket the span's bounds left out ("Rehavia)" of "Рехавия (Rehavia)", "Исламское
    государство (ИГ" of "«Исламское государство» (ИГ, ...)")."""
    opened = normal.count("(") - normal.count(")")
    if opened < 0 and normal.endswith(")"):
        return normal[:-1].rstrip() or normal
    if opened > 0 and normal.rfind("(") > 0:
        return normal[:normal.rfind("(")].rstrip()
    return normal


def unquoted(text: str, a: int, b: int) -> tuple[int, int]:
    """A part wrapped whole in quotes is the name inside them: «Кориера делла Сера»."""
    for opening, closing in (*PAIRS[1:], ('"', '"')):
        if b - a > 2 and text[a] == opening and text[b - 1] == closing:
            return a + 1, b - 1
    return a, b


def split_span(text: str, entity_type: str) -> list[tuple[int, int]]:
    """Offsets, relative to the span, of the names a tagged span holds."""
    if entity_type == "ORG" and (match := QUOTED_NAME.match(text)):
        return [match.span(2)]
    if entity_type in ("ORG", "LOC") and (match := NAME_WITH_ABBREVIATION.match(text)):
        return [match.span(1), match.span(2)]
    if entity_type == "PER" and (match := NAME_WITH_ORIGINAL.match(text)):
        return [match.span(1)]
    return [(0, len(text))]


PERSON_DESCRIPTORS_CSV = LEXICON_DIR / "person_descriptors.csv"
# "56-летний", "Восьмидесятилетний", "Шестидесятивосьмилетняя": an age, never a name.
AGE_WORD = re.compile(r"^(\d+-)?\w*летн(ий|яя|его|ей|ему|им|юю|ая)$", re.IGNORECASE)


@functools.cache
def _descriptor_rows() -> tuple[tuple[str, str], ...]:
    """(lemma, kind) of every row of person_descriptors.csv."""
    with open(PERSON_DESCRIPTORS_CSV, encoding="utf-8") as handle:
        return tuple((row["lemma"], row["kind"]) for row in csv.DictReader(handle))


@functools.cache
def person_descriptors() -> frozenset[str]:
    """Lemmas of words that go before a person's name but are not part of it: the titles
    (titles.csv) and kinship and honorific words (person_descriptors.csv), less the ones that are
    also given names there ("эмир": Эмир Кустурица)."""
    from tasks.nlp.events.nominals import load_titles

    names = {lemma for lemma, kind in _descriptor_rows() if kind.startswith("also a given name")}
    return (load_titles() | {lemma for lemma, _ in _descriptor_rows()}) - names


@functools.cache
def kinship_words() -> frozenset[str]:
    """Lemmas of the kinship words of person_descriptors.csv ("жена", "племянник")."""
    return frozenset(lemma for lemma, kind in _descriptor_rows() if kind == "kinship")


def without_descriptor(tokens: list, morph_vocab) -> int:
    """How many leading tokens of a person span are a title, kinship word or age rather than the
    name: Natasha takes a capitalised word at the start of a sentence into the name ("Племянник
    Алишер Усманов", "56-летний С.Джобс", "Генерал Дорохов"). Only one, and only before a proper
    noun ("Папа Римский" keeps its "Папа"), and not a plural ("Братья Куэй" name the pair). A
    title before a first name or an adjective alone stays: "Принц Уильям", "Папа Франциск" and
    "Принц Кембриджский" are known by both words, and "Уильям" alone would join any other
    Уильям of the warehouse."""
    if len(tokens) < 2 or tokens[1].pos != "PROPN" or not tokens[1].text[:1].isupper():
        return 0
    if (tokens[0].feats or {}).get("Number") == "Plur":   # "Братья Куэй" name the pair
        return 0
    word = tokens[0].text
    if AGE_WORD.match(word):
        return 1
    if _word_lemma(word.lower().replace("ё", "е"), morph_vocab) not in person_descriptors():
        return 0
    if len(tokens) == 2:
        parses = morph_vocab.parse(tokens[1].text.lower())[:2]
        # a first name, or an adjective ("Принца Кембриджского"): the title is the name's half
        if any("Name" in parse.tag for parse in parses) or parses and parses[0].tag.POS == "ADJF":
            return 0
    return 1


def _part_normal(span, start: int, stop: int, text: str, entity_type: str, models: Models) -> str:
    """Canonical name of the part [start, stop) of a span (document offsets)."""
    tokens = [t for t in span.tokens if t.start >= start and t.stop <= stop]
    return canonical_name(TokenSpan(text, entity_type, tokens), models.morph_vocab) if tokens else text


def _mention(article_id: str, start: int, stop: int, entity_type: str, text: str, normal: str,
             sentence_index: int, name_parts: dict | None = None) -> dict:
    name_parts = name_parts or {}
    return {
        "article_id": article_id,
        "start": start,
        "stop": stop,
        "type": entity_type,
        "text": text,
        "normal": balanced_normal(normal) if normal else text,
        "first_name": name_parts.get("first"),
        "last_name": name_parts.get("last"),
        "middle_name": name_parts.get("middle"),
        "sentence_index": sentence_index,
    }


@dataclass
class _LineSpan:
    """A tagged span cut at a line break, with what spans_to_mentions reads of a span."""
    start: int
    stop: int
    type: str
    tokens: list
    normal: str


def sentence_spans(doc: Doc, models: Models) -> list[list]:
    """Each sentence's NER spans. The tagger runs over the whole text, so it can tag a name at
    the end of a headline together with the next line ("Умер Шимон Перес\n\nШимон Перес", "Юкия
    Амано\nУшёл"); no sentence holds such a span, and it was lost. It is cut at its line breaks:
    the line it starts on is the name, and a later line that repeats that name (a photo caption)
    is the name again."""
    spans = [list(sentence.spans) for sentence in doc.sents]
    held = {id(span) for sentence in spans for span in sentence}
    starts = [sentence.start for sentence in doc.sents]
    cut = set()
    for span in doc.spans:
        if id(span) in held:
            continue
        lines, offset = [], span.start
        for line in doc.text[span.start:span.stop].split("\n"):
            if line.strip():
                start = offset + len(line) - len(line.lstrip())
                lines.append((start, start + len(line.strip())))
            offset += len(line) + 1
        first = doc.text[lines[0][0]:lines[0][1]] if lines else None
        for start, stop in lines:
            text = doc.text[start:stop]
            tokens = [t for t in span.tokens if t.start >= start and t.stop <= stop]
            if not tokens or text != first:     # the first line, or a later one repeating it
                continue
            index = bisect.bisect_right(starts, start) - 1
            if index >= 0:
                normal = canonical_name(TokenSpan(text, span.type, tokens), models.morph_vocab)
                spans[index].append(_LineSpan(start, stop, span.type, tokens, normal))
                cut.add(index)
    for index in cut:       # in text order, as the sentence's own spans come
        spans[index].sort(key=lambda kept: kept.start)
    return spans


def two_people(span, start: int, stop: int, text: str, names: set[str], models: Models) -> list[tuple[int, int, str]]:
    """A person span that is two names the article gives apart, side by side in a photo caption
    ("Эво Моралес Эдвард Сноуден" beside "Эво Моралес" and "Эдварду Сноудену"): (start, stop,
    normal) of each, else []. The tagger reads them as one, and the article's "Моралес" and
    "Сноуден" then both resolve to it. Each part has two words at least and its name is one of
    `names` (the name keys of the article's person mentions)."""
    tokens = [t for t in span.tokens if t.start >= start and t.stop <= stop]
    for cut in range(2, len(tokens) - 1):
        parts = [(tokens[0].start, tokens[cut - 1].stop), (tokens[cut].start, tokens[-1].stop)]
        normals = [_part_normal(span, a, b, text[a:b], "PER", models) for a, b in parts]
        if all(name_key(normal) in names for normal in normals):
            return [(a, b, normal) for (a, b), normal in zip(parts, normals)]
    return []


def spans_to_mentions(doc: Doc, article_id: str, models: Models) -> list[dict]:
    """Mentions from NER spans (sentence_spans): types checked against the lexicon, compound
    spans split, two people side by side split (two_people), normal forms, and for people the
    name parts."""
    mentions, long_people = [], []
    for sentence_index, spans in enumerate(sentence_spans(doc, models)):
        for span in spans:
            start, stop = repaired_bounds(doc.text, span.start, span.stop)
            span_normal = span.normal
            if span.type == "PER" and without_descriptor(span.tokens, models.morph_vocab):
                start = max(start, span.tokens[1].start)
                span_normal = _part_normal(span, start, stop, doc.text[start:stop], "PER", models)
            span_text = doc.text[start:stop]
            if not span_text:
                continue
            span_type = corrected_type(span_text, span.type, models)
            parts = split_span(span_text, span_type)
            if len(parts) > 1 or parts[0] != (0, len(span_text)):
                for a, b in parts:
                    a, b = unquoted(span_text, a, b)
                    text = span_text[a:b]
                    part_type = corrected_type(text, span_type, models)
                    normal = _part_normal(span, start + a, start + b, text, part_type, models)
                    if (match := QUOTED_NAME.match(span_text)) and match.group(1).upper() in NAMING_PREFIXES:
                        normal = f"{match.group(1).upper()} {normal}"
                    name_parts = (person_name_parts(normal, models.names_extractor)
                                  if part_type == "PER" else None)
                    mentions.append(_mention(article_id, start + a, start + b, part_type, text, normal,
                                             sentence_index, name_parts))
                continue
            name_parts = person_name_parts(span_normal, models.names_extractor) if span_type == "PER" else None
            mentions.append(_mention(article_id, start, stop, span_type, span_text, span_normal,
                                     sentence_index, name_parts))
            if span_type == "PER" and len(span_normal.split()) >= 4:
                long_people.append((len(mentions) - 1, span))
    if long_people:
        names = {name_key(m["normal"]) for m in mentions if m["type"] == "PER"}
        for index, span in reversed(long_people):
            joined = mentions[index]
            parts = two_people(span, joined["start"], joined["stop"], doc.text, names, models)
            mentions[index:index + 1] = [
                _mention(article_id, a, b, "PER", doc.text[a:b], normal, joined["sentence_index"],
                         person_name_parts(normal, models.names_extractor)) for a, b, normal in parts] or [joined]
    mentions = [m for m in mentions if lemma_key(m["text"], models.morph_vocab) not in not_names()]
    return with_mention_ids(mentions, doc.text, article_id)


def with_mention_ids(mentions: list[dict], text: str, article_id: str) -> list[dict]:
    """Content-stable ids (tasks/nlp/ids.py): an edit elsewhere in the article keeps them."""
    ids = ContentIds(article_id, text)
    return [{"mention_id": ids(f"mention:{m['type']}", m["start"], m["stop"]), **m}
            for m in sorted(mentions, key=lambda m: (m["start"], m["stop"]))]


PATRONYMIC_LAST = re.compile(r"\w+(вич|вна|ична|инична)$")


def resolve_people(normals: Iterable[str], surfaces: dict[str, set[str]] | None = None,
                   surname_forms: Callable[[str], frozenset[str]] | None = None) -> dict[str, str]:
    """Map each person name to the one longer name of the article that contains all its words.

    A name whose words fit several longer names ("Алиев" beside "Ильхам Алиев" and
    "Гейдар Алиев") is ambiguous and stays as it is. `surfaces` gives the words as written of
    each name: when a name's normal form fits no longer name, its written form may. Natasha's
    normal form of a lone foreign surname is often a guess ("Джоли" → "Джоля", "Тсвангираи" →
    "Тсвангирая", "Дмитриева" → "Дмитриев" beside "Оксана Дмитриева"), while the full name keeps
    the word as written. Every spelling of a name (case, ё) maps to its result. Failing both, a
    lone surname takes the one full name whose surname declines to it (`surname_forms`: the
    forms of a surname; "Маккаррика" is Теодор Маккаррик's, "Визбора" Юрий Визбор's).
    """
    normals = list(normals)
    surfaces = surfaces or {}
    names = {name_key(n): n for n in normals}
    words = {key: frozenset(key.split()) for key in names}

    # Names of the same words are one name: a caption run into the text repeats a word
    # ("Максим Дадашев Дадашев"), a register puts the surname first ("Сурков Владислав Юрьевич").
    # The one with the fewest words stands for them, one not ending in a patronymic first.
    plainest: dict[frozenset[str], str] = {}
    for key in sorted(names, key=lambda k: (len(k.split()), bool(PATRONYMIC_LAST.search(k)))):
        plainest.setdefault(words[key], key)

    def longest(own: frozenset[str]) -> str | None:
        containing = {plainest[other_words] for other_words in words.values() if own < other_words}
        # Keep only the longest: "Путин" ⊂ "Владимир Путин" ⊂ "Владимир Владимирович Путин".
        return _the_longest(containing, names, words)

    resolved = {}
    for name in normals:
        key = name_key(name)
        if plainest[words[key]] != key:
            resolved[name] = names[plainest[words[key]]]
            continue
        found = longest(words[key])
        if found is None and not any(words[key] < other for other in words.values()):
            written = {longest(frozenset(name_key(text).split())) for text in surfaces.get(name, ())}
            found = written.pop() if len(written) == 1 else None
            if found is None and len(words[key]) == 1:
                found = written_in(key, surfaces.get(name, ()), names, words, surfaces)
            if found is None and surname_forms is not None and len(words[key]) == 1:
                found = declined_to(key, surfaces.get(name, ()), names, words, surname_forms)
        resolved[name] = found or names[key]
    return resolved


def _the_longest(keys: set[str], names: dict[str, str], words: dict[str, frozenset[str]]) -> str | None:
    """The name of the one key no other key's words contain ("Путин" ⊂ "Владимир Путин" ⊂
    "Владимир Владимирович Путин"), None when there is none or several."""
    maximal = {c for c in keys if not any(words[c] < words[o] for o in keys)}
    return names[maximal.pop()] if len(maximal) == 1 else None


def written_in(key: str, written: Iterable[str], names: dict[str, str], words: dict[str, frozenset[str]],
               surfaces: dict[str, set[str]]) -> str | None:
    """The one full name written with this one-word name, as normalised or as written, among its
    words, where the normaliser changed that word in the full name ("Дидье Дрогба" normalised to
    "Дидье Дрогб" beside a lone "Дрогба"); None when none or several are."""
    own = {key, *(name_key(text) for text in written)}
    fitting = {other for other, other_words in words.items() if len(other_words) > 1 and any(
        own & set(name_key(text).split()) for text in surfaces.get(names[other], ()))}
    return _the_longest(fitting, names, words)


def declined_to(key: str, written: Iterable[str], names: dict[str, str], words: dict[str, frozenset[str]],
                surname_forms: Callable[[str], frozenset[str]]) -> str | None:
    """The one full name (two words or more) whose surname has this one-word name, as normalised
    or as written, among its forms; None when none or several do."""
    own = {key, *(name_key(text) for text in written)}
    fitting = {other for other, other_words in words.items()
               if len(other_words) > 1 and own & surname_forms(other.split()[-1])}
    return _the_longest(fitting, names, words)


# Endings a masculine surname takes in the oblique cases of the singular ("Грегга", "Греггу",
# "Биркенфельдом", "Макдонахе").
OBLIQUE_ENDINGS = frozenset({"а", "я", "у", "ю", "ом", "ем", "е"})


SOFT_OBLIQUE_ENDINGS = frozenset({"я", "ю", "ем", "ём", "е", "и"})


def _oblique_of(word: str, surname: str) -> str | None:
    """The case ending that makes `word` of the nominative `surname` ("Грегга" of "Грегг"; a soft
    stem drops its last letter: "Диканю" of "Дикань", "Дария" of "Дарий"), else None."""
    if word.startswith(surname) and word[len(surname):] in OBLIQUE_ENDINGS:
        return word[len(surname):]
    if surname.endswith(("ь", "й")) and len(surname) > 2 and word.startswith(surname[:-1]) \
            and word[len(surname) - 1:] in SOFT_OBLIQUE_ENDINGS:
        return word[len(surname) - 1:]
    return None


def surnames_written_alone(people: dict[str, str], surfaces: dict[str, set[str]], morph_vocab) -> dict[str, str]:
    """`people` with each full name whose surname the normaliser left in an oblique case
    ("Джадда Грегга", "Яромир Ягра") given the surname the article writes alone, as written, in
    the nominative ("Грегг", "Ягр"): the one lone name resolved to it that its surname extends by
    a masculine case ending. A first name left as written with that same ending loses it too
    ("Джадда" → "Джадд") unless pymorphy2 knows it as a man's name. A woman's name is left alone:
    "Шарапов" written alone beside "Мария Шарапова" is somebody else."""
    lone: dict[str, set[str]] = {}
    for name, target in people.items():
        if len(name.split()) == 1 and len(target.split()) > 1 and name in surfaces.get(name, ()):
            lone.setdefault(target, set()).add(name)
    renamed = {}
    for target, written_alone in lone.items():
        words = target.split()
        fitting = {word for word in written_alone if _oblique_of(words[-1], word) is not None}
        if len(fitting) != 1 or reads_as_first_name(words[0], morph_vocab, "femn"):
            continue
        surname = fitting.pop()
        ending = _oblique_of(words[-1], surname)
        first = words[0]
        first_as_written = any(text.split()[0] == first for text in surfaces.get(target, ()))
        if (len(words) == 2 and first_as_written and first.endswith(ending) and len(first) - len(ending) >= 3
                and not reads_as_first_name(first, morph_vocab, "masc")):
            first = first[:-len(ending)]
        renamed[target] = " ".join([first, *words[1:-1], surname])
    return {name: renamed.get(target, target) for name, target in people.items()}


# The last letters a name's word ends with in the nominative, likeliest first: of two spellings
# of one word that differ only in the last letter ("Трей" / "Трея", "Сай" / "Саю", "Гия" / "Гие"),
# the one ending earlier in this order is the nominative.
NOMINATIVE_FINALS = "йьая"


def _word_rank(word: str) -> tuple[int, int]:
    final = NOMINATIVE_FINALS.find(word[-1:])
    return len(word), final if final >= 0 else len(NOMINATIVE_FINALS)


def _same_word(a: str, b: str, morph_vocab) -> bool:
    """Whether two words are one name's word in two cases: one extends the other by an oblique
    ending ("Найджел" / "Найджела", "Гюн" / "Гюна"), or they differ only in a last letter one of
    them has in the nominative ("Трей" / "Трея"). A man's first name and a woman's are two names
    ("Александр" / "Александра")."""
    if a == b:
        return True
    short, long = sorted((a, b), key=_word_rank)
    if not (len(short) >= 3 and long.startswith(short) and long[len(short):] in OBLIQUE_ENDINGS
            or len(a) == len(b) >= 3 and a[:-1] == b[:-1] and short[-1] in NOMINATIVE_FINALS):
        return False
    return not any(reads_as_first_name(x, morph_vocab, "femn") and reads_as_first_name(y, morph_vocab, "masc")
                   for x, y in ((a, b), (b, a)))


def inflected_variants(names: Iterable[str], morph_vocab) -> dict[str, str]:
    """Each person name of two words or more that the normaliser left in an oblique case beside
    the same name in another case, mapped to the one of them in the nominative: "Найджела Фаража"
    and "Найджела Фараж" to "Найджел Фараж", "Трея Паркер" to "Трей Паркер", "Саю Твомбли" to "Сай
    Твомбли". Without this a lone "Фараж" fits two full names and stays a person of its own."""
    names = list(names)
    words = {n: name_key(n).split() for n in names}
    # a name a longer one already holds ("Ван Дамма" in "Жан-Клод Ван Дамма") resolves to it
    held = {n for n in names if any(set(words[n]) < set(words[o]) for o in names)}
    full = sorted((n for n in names if len(words[n]) > 1 and n not in held),
                  key=lambda n: [_word_rank(w) for w in words[n]])
    base: dict[str, str] = {}
    for i, name in enumerate(full):
        if name in base:
            continue
        for other in full[i + 1:]:
            if other not in base and len(words[other]) == len(words[name]) and all(
                    _same_word(a, b, morph_vocab) for a, b in zip(words[name], words[other])):
                base[other] = name
    return base


def words_kept_as_written(people: dict[str, str], surfaces: dict[str, set[str]]) -> dict[str, str]:
    """`people` with each full name whose word the normaliser changed ("Дидье Дрогба" →
    "Дидье Дрогб", "Челси Дэйви" → "Челсь Дэйви") given that word back as written, when the
    article writes it alone too and the normaliser left it so there ("Дрогба", "Челси"), and
    writes the full name with only that word otherwise than normalised (a nominative)."""
    renamed: dict[str, str] = {}
    for name, target in people.items():
        if len(name.split()) != 1 or len(target.split()) < 2 or name not in surfaces.get(name, ()):
            continue
        words = renamed.get(target, target).split()
        for text in surfaces.get(target, ()):
            written = text.split()
            changed = [i for i, (w, n) in enumerate(zip(written, words)) if w != n]
            # the full name written as normalised but for this word: "Ларса Вилкса" is no
            # nominative to take "Вилкса" from
            if len(written) == len(words) and len(changed) == 1 and written[changed[0]] == name:
                normal = words[changed[0]]
                if len(name) - len(normal) in (0, 1) and normal.lower()[:-1] == name.lower()[:len(normal) - 1]:
                    words[changed[0]] = name
        renamed[target] = " ".join(words)
    return {name: renamed.get(target, target) for name, target in people.items()}


# A Russian woman's surname in an oblique case: "-овой", "-ову" of "-ова" (also -ева, -ина, -ына),
# "-ской", "-скую" of "-ская" (also -цкая).
FEMININE_SURNAME_OBLIQUE = re.compile(r"^(\w+(?:ов|ев|ёв|ин|ын))(?:ой|у)$|^(\w+(?:ск|цк))(?:ой|ую)$")


def feminine_surnames(people: dict[str, str], morph_vocab) -> dict[str, str]:
    """`people` with each woman's full name whose surname the normaliser left in an oblique case
    given the nominative: "Екатерина Юрлову" → "Екатерина Юрлова", "Дарига Назарбаевой" →
    "Дарига Назарбаева". Only for a first name pymorphy2 knows as a woman's, and only for the
    regular Russian endings, which no woman's surname has in the nominative."""
    renamed = {}
    for target in set(people.values()):
        words = target.split()
        if len(words) < 2 or not reads_as_first_name(words[0], morph_vocab, "femn"):
            continue
        match = FEMININE_SURNAME_OBLIQUE.match(words[-1])
        if match:
            stem = match.group(1) or match.group(2)
            renamed[target] = " ".join([*words[:-1], stem + ("а" if match.group(1) else "ая")])
    return {name: renamed.get(target, target) for name, target in people.items()}


def defined_abbreviations(mentions: list[dict], text: str) -> dict[tuple[str, str], str]:
    """Abbreviations an article defines: "Комитет защиты журналистов (КЗЖ)" (two mentions, the
    abbreviation right after the name, in brackets) makes every "КЗЖ" of the article the
    committee. Only in brackets: "России, США" or "в Центробанк. АРБ" define nothing (they made
    every США of the article Россия). The first definition of an abbreviation holds."""
    defined: dict[tuple[str, str], str] = {}
    for name, abbreviation in zip(mentions, mentions[1:]):
        if (name["type"] in ("ORG", "LOC") and abbreviation["type"] == name["type"]
                and abbreviation["text"].isupper()
                and text[name["stop"]:abbreviation["start"]] == " ("
                and text[abbreviation["stop"]:abbreviation["stop"] + 1] == ")"):
            defined.setdefault((name["type"], name_key(abbreviation["normal"])), name["normal"])
    return defined


@functools.cache
def state_bodies(morph_vocab) -> frozenset[str]:
    """Names (as lemmas) of bodies every country has (tasks/nlp/lexicon/state_bodies.csv: "МВД",
    "Верховный суд", "правительство"), which name no one body until a country is said."""
    with open(STATE_BODIES_CSV, encoding="utf-8") as rows:
        return frozenset(lemma_key(row["name"], morph_vocab) for row in csv.DictReader(rows))


def bodies_of_countries(mentions: list[dict], names: list[str], text: str, models: Models) -> list[str]:
    """The organisations' names (`names`, one per mention) with the country a state body belongs
    to: "МВД Украины" is "МВД (Украина)", while "МВД" and "МВД России" stay "МВД" (HOME_COUNTRY:
    news in Russian take a body no country is said of as Russia's). A state body (state_bodies) is
    followed by a place in the genitive, a space apart, or follows an adjective of a country
    ("украинских ВВС", "японском МИДе"); the article's other mentions of the body with no country
    take the one country the article gives it."""
    bodies = state_bodies(models.morph_vocab)
    is_body = [mention["type"] == "ORG" and lemma_key(name, models.morph_vocab) in bodies
               for mention, name in zip(mentions, names)]
    out = list(names)
    countries: dict[str, set[str]] = {}

    def belongs(number: int, country: str) -> None:
        countries.setdefault(names[number], set()).add(country)
        if country != HOME_COUNTRY:
            out[number] = f"{names[number]} ({country})"

    for number, (mention, following) in enumerate(itertools.pairwise(mentions)):
        if (is_body[number] and following["type"] == "LOC"
                and text[mention["stop"]:following["start"]] == " "
                and reads_as_genitive(following["text"].split()[0], models.morph_vocab)):
            belongs(number, canonical_entity_name("LOC", following["normal"], models))
    for number, mention in enumerate(mentions):
        if (is_body[number] and out[number] == names[number]
                and (country := country_before(text, mention["start"], models)) is not None):
            belongs(number, country)
    for number, mention in enumerate(mentions):
        given = countries.get(names[number], set())
        if (mention["type"] == "ORG" and out[number] == names[number] and len(given) == 1
                and (country := next(iter(given))) != HOME_COUNTRY):
            out[number] = f"{names[number]} ({country})"
    return out


ADJECTIVE_BEFORE = re.compile(r"(\w+) $")


def country_before(text: str, start: int, models: Models) -> str | None:
    """The country an adjective right before `start` names ("украинских ВВС" → "Украина"), or None."""
    # countries.py reads this module's lexicons: imported here, not at the top
    from tasks.nlp.countries import country_of_adjective

    match = ADJECTIVE_BEFORE.search(text, max(0, start - 40), start)
    lemma = adjective_lemma(match.group(1), models.morph_vocab) if match else None
    found = country_of_adjective(lemma) if lemma else None
    return found[1] if found else None


def resolve_mentions(mentions: list[dict], models: Models, text: str) -> tuple[list[dict], list[dict]]:
    """Attach entity_id to every mention of the article `text`; return (mentions, entities of
    this article). Places and organisations known by another name take the lexicon's ("РФ" →
    "Россия"), an abbreviation the article defines its full name."""
    surfaces: dict[str, set[str]] = {}
    for mention in mentions:
        if mention["type"] == "PER":
            surfaces.setdefault(mention["normal"], set()).add(mention["text"])
    # one name in two cases is one name before anything is resolved to it
    variants = inflected_variants(surfaces, models.morph_vocab)
    merged: dict[str, set[str]] = {}
    for normal, written in surfaces.items():
        merged.setdefault(variants.get(normal, normal), set()).update(written)
    people = resolve_people(list(merged), merged, functools.partial(word_forms, morph_vocab=models.morph_vocab))
    people = {normal: people[variants.get(normal, normal)] for normal in surfaces}
    people = feminine_surnames(surnames_written_alone(people, surfaces, models.morph_vocab), models.morph_vocab)
    people = words_kept_as_written(people, surfaces)
    defined = defined_abbreviations(mentions, text)
    names = []
    for mention in mentions:
        if mention["type"] == "PER":
            names.append(people.get(mention["normal"], mention["normal"]))
        else:
            name = defined.get((mention["type"], name_key(mention["normal"])), mention["normal"])
            names.append(canonical_entity_name(mention["type"], name, models))
    entities: dict[str, dict] = {}
    resolved = []
    for mention, name in zip(mentions, bodies_of_countries(mentions, names, text, models)):
        entity_id = entity_id_for(mention["type"], name)
        entities.setdefault(entity_id, {"entity_id": entity_id, "type": mention["type"], "name": name})
        resolved.append({**mention, "entity_id": entity_id})
    return resolved, list(entities.values())


@functools.lru_cache(maxsize=20_000)  # bounded: a long run meets ever more names
def person_name_parts(normal: str, names_extractor) -> dict | None:
    """First / last / middle name of a person's normal form, as natasha's span.extract_fact
    finds them; memoised, since news repeats the same names (the extractor is slow)."""
    match = names_extractor.find(normal) if normal else None
    return DocFact(list(match.fact.slots)).as_dict if match else None


@functools.lru_cache(maxsize=50_000)
def _word_lemma(word: str, morph_vocab) -> str:
    forms = morph_vocab(word)
    return forms[0].normal if forms else word


def lemma_key(text: str, morph_vocab) -> str:
    """A name as lowercase lemmas: "Европейского союза" → "европейский союз"."""
    return " ".join(_word_lemma(word, morph_vocab) for word in re.findall(r"\w+", text.casefold().replace("ё", "е")))
