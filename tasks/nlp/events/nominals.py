"""Participants named by a title instead of a name: "президент", "глава МИД", "тренер".

A title noun (tasks/nlp/lexicon/titles.csv) stands for the person the article gave that title
before it: "президент России Владимир Путин ... президент заявил" resolves "президент" to Путин.
The title a person was given is read from the noun phrase around the name (the title heading
the name, in apposition to it, or standing just before it), with the lemma of its first nominal
modifier ("глава МИД" is ("глава", "мид")), so "глава МИД" does not resolve to a "глава
Минобороны". When no titled person fits, a title resolves to the article's only person, if it
names exactly one, that person was given no other title and the title has no modifier.
A title never resolves to a person its own sentence names apart from it ("Юров прослушивал
переговоры бизнесмена": the businessman is someone else), nor when it introduces someone new
("один британский журналист"); the only-person guess also yields to a "он" / "она" subject of
the verb the title depends on ("рассказал он журналисту"). A title in quotes is a name of its
own ("показ «Пианиста»"), and one before a name is not the next name's ("вратаря Игоря
Акинфеева, Губерниев").
Otherwise the noun phrase is kept as a participant of its own, with its text and no entity;
one that comes with a name ("забил россиянин Дмитрий Аленичев") is that name's (named_with).
RELIABLE_TRIGGER and the rules' scope were chosen on NEREL train, checked on NEREL dev.
"""
from __future__ import annotations

import csv
import functools
import hashlib
from dataclasses import dataclass, field

from natasha import Doc

from tasks.nlp.countries import country_of_demonym
from tasks.nlp.events.lexicon import TRIGGERS_CSV
from tasks.nlp.events.tree import SentenceTree, person_noun
from tasks.settings import LEXICON_DIR

TITLES_CSV = LEXICON_DIR / "titles.csv"
# Tokens before a name, in its sentence, that may still hold its title
# ("бывший президент пивоваренной компании "Балтика" Таймураз Боллоев").
TITLE_WINDOW = 6
# Dependents that stay inside a nominal participant's phrase ("генеральный прокурор России").
PHRASE_RELS = {"nmod", "amod", "flat", "flat:foreign"}
PHRASE_DEPTH = 2
QUOTES = {'"', "«", "»", "„", "“", "”"}
RELIABLE_TRIGGER = 0.7
# Words that introduce someone not met before: "один британский журналист", "некий бизнесмен".
INDEFINITE = {"один", "некий", "какой-то", "некто", "другой", "неизвестный", "неназванный"}


@functools.cache
def trigger_precisions() -> dict[str, float]:
    """How often each trigger lemma was an event on NEREL train (triggers.csv's precision
    column); curated rows without one are trusted."""
    with TRIGGERS_CSV.open(encoding="utf-8", newline="") as f:
        return {row["lemma"]: float(row["precision"]) if row.get("precision") else 1.0
                for row in csv.DictReader(f)}


def reliable(trigger) -> bool:
    """A trigger sure enough to look for participants beyond its own dependents: a two-word
    pattern, or a lemma that was an event at least RELIABLE_TRIGGER of the times on train."""
    if len(trigger.tokens) > 1:
        return True
    return trigger_precisions().get(trigger.anchor.lemma, 1.0) >= RELIABLE_TRIGGER


def titles_digest() -> str:
    return hashlib.sha1(TITLES_CSV.read_bytes()).hexdigest()[:12]


@functools.cache
def load_titles() -> frozenset[str]:
    with TITLES_CSV.open(encoding="utf-8", newline="") as f:
        return frozenset(row["lemma"] for row in csv.DictReader(f))


Title = tuple[str, "str | None"]      # (title lemma, lemma of its first nominal modifier)


def title_of(tree: SentenceTree, token) -> Title | None:
    """The title a noun token names, with its modifier: "глава МИД" -> ("глава", "мид")."""
    if token.pos != "NOUN" or token.lemma not in load_titles():
        return None
    modifiers = [c for c in tree.kids(token, {"nmod"}) if tree.preposition(c) is None]
    return token.lemma, (modifiers[0].lemma if modifiers else None)


def titles_fit(nominal: Title, given: frozenset[Title]) -> bool:
    """A title fits a person given the same title, with the same modifier when both have one."""
    lemma, modifier = nominal
    return any(lemma == g_lemma and (modifier is None or g_modifier is None or modifier == g_modifier)
               for g_lemma, g_modifier in given)


@dataclass(frozen=True)
class Person:
    mention: dict
    gender: str | None                 # grammatical gender of the name's first word
    titles: frozenset[Title]           # titles the text gave this mention


@dataclass
class ArticlePeople:
    """The article's PER mentions in text order, with their gender and titles, and its text;
    also every sentence's tree and mentions, built once for the event pass (candidates.py)."""
    people: list[Person]
    text: str
    trees: list[SentenceTree] = field(default_factory=list)
    mentions: dict[int, list[dict]] = field(default_factory=dict)     # sentence index -> mentions

    @functools.cached_property
    def entity_counts(self) -> dict[str, int]:
        """How many mentions each entity has in the article."""
        counts: dict[str, int] = {}
        for sentence in self.mentions.values():
            for mention in sentence:
                if mention.get("entity_id") is not None:
                    counts[mention["entity_id"]] = counts.get(mention["entity_id"], 0) + 1
        return counts

    @functools.cached_property
    def top_entities(self) -> frozenset[str]:
        """The most mentioned entity of each type (PER, ORG, LOC): whom the article is about."""
        best: dict[str, tuple[int, str]] = {}
        for sentence in self.mentions.values():
            for mention in sentence:
                entity = mention.get("entity_id")
                if entity is None:
                    continue
                count = self.entity_counts[entity]
                if mention["type"] not in best or count > best[mention["type"]][0]:
                    best[mention["type"]] = (count, entity)
        return frozenset(entity for _, entity in best.values())

    def titled(self, title: Title, position: int, besides: frozenset = frozenset()) -> dict | None:
        """The nearest person before position the article gave this title, of those not in
        besides (entity ids)."""
        for person in reversed(self.people):
            if (person.mention["stop"] <= position and person.mention["entity_id"] not in besides
                    and titles_fit(title, person.titles)):
                return person.mention
        return None

    def only_person(self, title: Title, position: int, besides: frozenset = frozenset()) -> dict | None:
        """The one person named before position, when there is exactly one, it is not in besides
        (entity ids) and no other title was given to them."""
        if title[1] is not None:
            return None         # "руководитель режиссерского департамента" is a post of its own
        before = [p for p in self.people if p.mention["stop"] <= position]
        if len({p.mention["entity_id"] for p in before}) != 1 or before[-1].mention["entity_id"] in besides:
            return None
        given = frozenset().union(*(p.titles for p in before))
        if given and not titles_fit(title, given):
            return None
        return before[-1].mention


def _mention_tokens(tree: SentenceTree, mention: dict) -> list:
    return [t for t in tree.tokens if mention["start"] <= t.start and t.stop <= mention["stop"]]


def given_titles(tree: SentenceTree, mention: dict, others: list[dict] = ()) -> frozenset[Title]:
    """Titles the sentence gives a name: its head noun, a noun in apposition to it, or a title
    noun just before it with no other name (others: the sentence's other PER mentions) between:
    in "о травме вратаря сборной Игоря Акинфеева, Губерниев" the goalkeeper is Акинфеев."""
    tokens = _mention_tokens(tree, mention)
    ids = {t.id for t in tokens}
    near = []
    for token in tokens:
        head = tree.head(token)
        if head is not None and head.id not in ids:
            near.append(head)
        near.extend(c for c in tree.kids(token, {"appos", "nmod"}) if c.id not in ids)
    if tokens:
        position = tree.position(tokens[0])
        near.extend(t for t in tree.tokens[max(0, position - TITLE_WINDOW):position]
                    if not _titles_someone_else(tree, t)
                    and not any(t.stop <= other["start"] < mention["start"] for other in others))
    return frozenset(title for title in (title_of(tree, t) for t in near) if title is not None)


def _titles_someone_else(tree: SentenceTree, token) -> bool:
    """A title in the genitive of another person noun names that other person: in
    "пресс-секретарь российского лидера Дмитрий Песков" Песков is no "лидер"."""
    head = tree.head(token)
    return token.rel == "nmod" and head is not None and person_noun(head)


def article_people(doc: Doc, mentions: list[dict]) -> ArticlePeople:
    """Every PER mention of the article with the gender of its first word and its titles."""
    first_tokens = {token.start: token for token in doc.tokens}
    by_sentence: dict[int, list[dict]] = {}
    for mention in mentions:
        by_sentence.setdefault(mention["sentence_index"], []).append(mention)
    people = []
    trees = [SentenceTree(sentence) for sentence in doc.sents]
    for index, tree in enumerate(trees):
        for mention in sorted(by_sentence.get(index, []), key=lambda m: m["start"]):
            if mention["type"] != "PER":
                continue
            token = first_tokens.get(mention["start"])
            gender = (token.feats or {}).get("Gender") if token is not None else None
            others = [m for m in by_sentence[index] if m["type"] == "PER" and m is not mention]
            people.append(Person(mention, gender, given_titles(tree, mention, others)))
    return ArticlePeople(people, doc.text, trees, by_sentence)


# Adjectives before a noun that say which one it is ("Следственные органы", "российские
# военнослужащие", "мятежное правительство") belong to its phrase; these only point at it or
# describe the person ("другой представитель России", "32-летняя спортсменка"), and end it.
NOT_NAMING = frozenset({"сам", "другой", "тот", "этот", "весь", "каждый", "любой", "некоторый", "такой",
                        "один", "очередной", "многие", "несколько", "свой", "наш", "ваш", "его", "её", "их"})


def nominal_phrase(tree: SentenceTree, token) -> tuple[int, int]:
    """Span of the noun phrase a nominal participant heads: the noun, the adjectives right before
    it that say which one it is ("Следственные органы") and the modifiers right after it ("глава
    МИД России")."""
    stop, frontier = token.stop, [token]
    for _ in range(PHRASE_DEPTH):
        frontier = [c for t in frontier for c in tree.kids(t, PHRASE_RELS)
                    if c.start > token.start and tree.preposition(c) is None]
        stop = max([stop] + [c.stop for c in frontier])
    start = token.start
    for before in reversed(tree.tokens[:tree.position(token)]):
        if (before.pos != "ADJ" or before.rel != "amod" or tree.head(before) is not token
                or before.lemma in NOT_NAMING or before.text[:1].isdigit()):
            break
        start = before.start
    return start, stop


def _words_after(tree: SentenceTree, token, window: int, stops: set[str]):
    """The words right after the token, at most `window`, up to a word of a part of speech in
    `stops` or a punctuation mark other than a quote."""
    position = tree.position(token)
    for after in tree.tokens[position + 1:position + 1 + window]:
        if after.pos in stops or (after.pos == "PUNCT" and after.text not in QUOTES):
            return
        yield after


def _names_someone(tree: SentenceTree, token, people: ArticlePeople) -> bool:
    """Whether the title comes with a name ("президент Украины Пётр Порошенко", "Обама,
    президент США"): the name is the participant, the title only describes it."""
    near = tree.nominal_subtree(token, PHRASE_DEPTH)
    head = tree.head(token)
    if head is not None and token.rel in ("appos", "flat", "nmod"):
        near.append(head)
    # "министр культуры Райво Пальмару": the name right after the title, however it is parsed.
    near.extend(_words_after(tree, token, TITLE_WINDOW, {"VERB", "AUX"}))
    return any(p.mention["start"] <= t.start < p.mention["stop"] for t in near for p in people.people)


# How far after a title the name it comes with may stand ("председатель Правления объединения
# офицеров запаса КГБ-МВД 55-летний Евгений Олейник").
NAMED_WINDOW = 8
# Words no title reaches a name across: "встреча министра с Путиным" names two people.
NAMED_STOPS = {"VERB", "AUX", "CCONJ", "SCONJ"}


def named_with(tree: SentenceTree, token, people: ArticlePeople) -> dict | None:
    """The person a title comes with, when the name follows it in the same case, in apposition
    ("председатель ... 55-летний Евгений Олейник", "имам одной из мечетей ... Хеллали Беншеллали"),
    or the title is in apposition to the name ("Обама, президент США"). A name in another case
    is someone else's ("пресс-секретарь Путина Дмитрий Песков" is Песков)."""
    case = (token.feats or {}).get("Case")
    if case is None:
        return None

    def person_at(other, agreeing: bool = True) -> dict | None:
        if agreeing and (other.feats or {}).get("Case") != case:
            return None
        return next((p.mention for p in people.people
                     if p.mention["start"] <= other.start < p.mention["stop"]), None)

    head = tree.head(token)
    if head is not None and token.rel == "appos" and (found := person_at(head)) is not None:
        return found
    # the parser's apposition whatever case the tagger read ("имам ... Хеллали Беншеллали")
    for kid in tree.kids(token, {"appos"}):
        if (found := person_at(kid, agreeing=False)) is not None:
            return found
    return next((found for after in _words_after(tree, token, NAMED_WINDOW, NAMED_STOPS)
                 if (found := person_at(after)) is not None), None)


def _quoted(tree: SentenceTree, token) -> bool:
    """A title opening a quotation is a name of its own: "показ «Пианиста»" is a film."""
    position = tree.position(token)
    return position > 0 and tree.tokens[position - 1].text in QUOTES


def _introduces_someone(tree: SentenceTree, token) -> bool:
    """"один британский журналист", "некий бизнесмен": someone the article has not named."""
    return any(kid.lemma in INDEFINITE for kid in tree.kids(token, {"det", "amod", "nummod"}))


def _sentence_people(tree: SentenceTree, people: ArticlePeople) -> list[dict]:
    """The PER mentions of the tree's sentence."""
    start, stop = tree.tokens[0].start, tree.tokens[-1].stop
    return [p.mention for p in people.people if start <= p.mention["start"] < stop]


def _pronoun_beside(tree: SentenceTree, token) -> bool:
    """A "он" / "она" subject of the verb the title depends on: the two are different people
    ("рассказал он журналисту"), and the pronoun is likelier the one the article named."""
    head = tree.head(token)
    return head is not None and token.rel not in ("nsubj", "nsubj:pass") and any(
        kid.lemma in ("он", "она") for kid in tree.kids(head, {"nsubj", "nsubj:pass"}))


def nominal_argument(tree: SentenceTree, token, people: ArticlePeople) -> dict | None:
    """A person noun as a participant: resolved to a named person when the text supports it,
    else its own phrase with no entity. None when the token is not a person noun."""
    title = title_of(tree, token)
    if title is None or _names_someone(tree, token, people) or _quoted(tree, token):
        return None
    named = None
    if (token.feats or {}).get("Number") == "Sing" and not _introduces_someone(tree, token):
        # Whom the sentence names apart from the title is someone else than the title.
        besides = frozenset(m["entity_id"] for m in _sentence_people(tree, people))
        named = people.titled(title, token.start, besides)
        if named is None and not _pronoun_beside(tree, token):
            named = people.only_person(title, token.start, besides)
    start, stop = nominal_phrase(tree, token)
    # The noun's own words are the evidence; the entity is whom they stand for.
    return {"start": start, "stop": stop, "text": people.text[start:stop], "type": "PER",
            "entity_id": named["entity_id"] if named is not None else None}


def with_named_titles(tree: SentenceTree, arguments: list[dict], people: ArticlePeople) -> list[dict]:
    """The arguments with each title or person noun linked to the person it comes with
    (named_with), even where the noun named a country or an organisation ("гражданин Грузии Шота
    Чичиашвили"): the noun's words stay the evidence, the entity is whom they stand for. A noun
    for a country's people with no name and no entity is that country ("россияне проиграли",
    "похищенный палестинцами"; GDELT codes such an actor by its country), "россиянин Дмитрий
    Аленичев" the man."""
    out = []
    for argument in arguments:
        if argument["role"] in ("participant", "target"):
            head = tree.span_head(argument["start"], argument["stop"])
            if head is not None and head.pos == "NOUN" and (
                    title_of(tree, head) is not None or (head.feats or {}).get("Animacy") == "Anim"):
                # the person named beats the country or organisation the noun names ("гражданина
                # Франции Исмаила Омара Мостефаи" is the man, not France)
                person = named_with(tree, head, people)
                if person is not None:
                    argument = {**argument, "entity_id": person["entity_id"]}
                elif argument["entity_id"] is None and (country := country_of_demonym(head.lemma)) is not None:
                    argument = {**argument, "entity_id": country[0]}
        out.append(argument)
    return out
