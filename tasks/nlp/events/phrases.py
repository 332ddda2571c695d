"""One party or place per noun phrase.

The candidates of the role model are words and names, so one phrase can give an event several
arguments of one role: "Полиция Белиза" gave the participants "Полиция" and "Белиза", "в центре
Киева" the places "центре" and "Киева", "Генерального штаба Вооруженных сил РФ" three parties.
Each is one party or place, and the head word's argument stands for it: its span grows to the
whole phrase and, when the head word names no entity (a body or a place noun: "Полиция",
"улице"), it takes the entity of the name below it, as GDELT codes "Belize police" by Belize
and as event_facts reads a place's name from its entity. A name below it with an entity of its
own stays an argument in the role "affiliation" ("пленум ЦК КПРФ": the party is the ЦК, and a
query for every event naming КПРФ still finds it). A name below a person noun ("сотрудники
ФСБ", "жена Путина") is no such case: the noun is people, the name whom they belong to
(parties.py makes it an affiliation when the noun is a title, relatives() when it is a person's
name: "смерти жены Малафеева" is the wife's); nor is a person's name, but
it is the name of a place ("в храме Христа Спасителя": the place has the phrase's words, not the
person's entity).
On NEREL train, 283 participants and 108 places that overlap a gold argument another of the
event's arguments already matched were counted wrong, most of them such pieces of one phrase.
"""
from __future__ import annotations

import re

from tasks.nlp.entities import kinship_words, repaired_bounds
from tasks.nlp.events.arguments import PLACE_PREPOSITIONS
from tasks.nlp.events.learned import ACTOR_ROLES
from tasks.nlp.events.parties import AFFILIATION
from tasks.nlp.events.tree import SentenceTree, person_noun

# how a word of the phrase hangs on the one above it; a conjunct is another party ("России и Франции")
PHRASE_RELS = frozenset({"nmod", "appos", "flat", "flat:name", "flat:foreign", "amod"})
PHRASE_DEPTH = 3
# what may stand between the words of one phrase: words (the ones no candidate took) and quotes,
# but no bracket, comma or dash, which set a second name apart ("Матильдой (Еленой Мозговой)")
JOINING = re.compile(r"[\w\s«»\"'„“”]*")
ROLE_CLASSES = {"participant": "party", "target": "party", "place": "place"}


def phrase_head(tree: SentenceTree, token, heads: set[str]):
    """The nearest token of `heads` above `token` in its phrase (PHRASE_RELS, no preposition
    between them, at most PHRASE_DEPTH steps), or None."""
    current = token
    for _ in range(PHRASE_DEPTH):
        if current.rel not in PHRASE_RELS or tree.kids(current, {"case"}):
            return None
        parent = tree.head(current)
        if parent is None:
            return None
        if parent.id in heads:
            return parent
        current = parent
    return None


def one_per_phrase(tree: SentenceTree, arguments: list[dict], text: str,
                   person_spans: set[tuple[int, int]]) -> list[dict]:
    """An event's arguments with each party and each place named by one phrase given once, as
    the argument of the phrase's head word (see the module's docstring); person_spans: the
    article's PER mentions, which stay parties of their own."""
    heads = {}
    for number, argument in enumerate(arguments):
        if argument["role"] in ROLE_CLASSES:
            head = tree.span_head(argument["start"], argument["stop"])
            if head is not None:
                heads[number] = head
    if len(heads) < 2:
        return arguments
    merged = {number: dict(arguments[number]) for number in heads}
    # the head word's argument of each class, by token id
    by_token = {}
    for number, head in heads.items():
        by_token.setdefault((ROLE_CLASSES[arguments[number]["role"]], head.id), number)
    dropped = set()
    for number, head in sorted(heads.items(), key=lambda item: -len(tree.ancestors(item[1]))):
        role_class = ROLE_CLASSES[arguments[number]["role"]]
        tokens = {token_id for (kind, token_id) in by_token if kind == role_class and token_id != head.id}
        above = phrase_head(tree, head, tokens)
        if above is None:
            continue
        host = merged[by_token[(role_class, above.id)]]
        inner = merged[number]
        if person_noun(above) and inner["entity_id"] is not None:
            continue            # whom the people belong to, not the people
        person = (inner["start"], inner["stop"]) in person_spans
        if role_class == "party" and person:
            # a person is a party of their own ("Правительство Моссадыка было свергнуто"; the
            # parser also hangs a name in another case on a noun: "на заседании ученого совета
            # Алферову сообщили"), while a place may bear a name: "в храме Христа Спасителя"
            continue
        if not JOINING.fullmatch(_gap(text, host, inner)) or not _agrees(head, above):
            continue            # "Матильдой (Еленой Мозговой)", "Лукасвилле, Огайо": two
        if person:
            inner["entity_id"] = None   # the temple is no person: its name is the phrase's words
        if host["entity_id"] is None:
            host["entity_id"] = inner["entity_id"]
        if inner["start"] < host["start"] or inner["stop"] > host["stop"]:
            # the phrase's words with the quotes they open: на стадионе «Метеор»
            host["start"], host["stop"] = repaired_bounds(text, min(host["start"], inner["start"]),
                                                          max(host["stop"], inner["stop"]))
            host["text"] = text[host["start"]:host["stop"]]
        host["confidence"] = _surer(host.get("confidence"), inner.get("confidence"))
        if inner["entity_id"] is None or inner["entity_id"] == host["entity_id"]:
            dropped.add(number)
        else:   # "ЦК КПРФ": the party is the ЦК, and "every event involving КПРФ" still finds it
            inner["role"] = AFFILIATION
    out = []
    for number, argument in enumerate(arguments):
        if number in dropped:
            continue
        out.append(merged.get(number, argument))
    return out


# how a name hangs on the person noun it says whose: "жена Малафеева" (nmod), and through a title
# on the way "сын экс-президента Леха Валенсы" (appos or flat on the title, the title an nmod)
RELATIVE_RELS = frozenset({"nmod", "appos", "flat", "flat:name"})


def relatives(tree: SentenceTree, trigger, arguments: list[dict], text: str,
              surnamed: set[tuple[int, int]], people: dict[tuple[int, int], str | None]) -> list[dict]:
    """An event's arguments with a person named only by whose they are as the party: "смерти
    жены Малафеева" is the wife's death, not Малафеев's, so the party is "жены Малафеева" (no
    entity: the text names no one) and Малафеев its affiliation, which still finds the event;
    so are "критик ... Эмомали Рахмона застрелен" and "Адвокат Караджича заявил" when the person
    noun is the event's own (_relative_of). An argument already on the person noun takes the
    phrase. surnamed: the spans of the article's person mentions with a surname; a given name
    alone keeps its word ("матери Терезы", "брат Мохаммед" name the person); people: every person
    mention's span and entity, for a person named in apposition ("жена Манделы Граса Машел", who
    is the party)."""
    found = []
    for number, argument in enumerate(arguments):
        if argument["role"] in ACTOR_ROLES and (argument["start"], argument["stop"]) in surnamed:
            head = tree.span_head(argument["start"], argument["stop"])
            relative = head is not None and _in_genitive(tree, argument) and _relative_of(tree, head, trigger.anchor)
            if relative and relative.stop <= argument["start"] and JOINING.fullmatch(text[relative.stop:argument["start"]]):
                # "Дочь экс-президента Киргизии Аскара Акаева, Бермет Акаева": the comma sets
                # the daughter's own name apart
                found.append((number, relative))
    if not found:
        return arguments
    out = [dict(argument) for argument in arguments]
    on_word = {}
    for number, argument in enumerate(out):
        head = tree.span_head(argument["start"], argument["stop"]) if argument["role"] in ACTOR_ROLES else None
        if head is not None and head.pos == "NOUN":
            on_word.setdefault(head.id, number)
    added = {}
    for number, relative in found:
        name = out[number]
        start, stop = repaired_bounds(text, min(relative.start, name["start"]), max(relative.stop, name["stop"]))
        party = out[on_word[relative.id]] if relative.id in on_word else added.get(relative.id)
        own = None if party is not None else _own_name(tree, relative, people, name)
        if own is not None:
            # "жена Манделы Граса Машел": her own name is the party
            if not any((a["start"], a["stop"]) == own for a in out if a["role"] in ACTOR_ROLES):
                added[relative.id] = {**name, "start": own[0], "stop": own[1], "text": text[own[0]:own[1]],
                                      "entity_id": people[own]}
        elif party is None:
            added[relative.id] = {**name, "start": start, "stop": stop, "text": text[start:stop], "entity_id": None}
        else:
            party["start"], party["stop"] = min(party["start"], start), max(party["stop"], stop)
            party["text"] = text[party["start"]:party["stop"]]
            party["confidence"] = _surer(party.get("confidence"), name.get("confidence"))
        name["role"] = AFFILIATION
    return out + list(added.values())


def _own_name(tree: SentenceTree, word, people: dict[tuple[int, int], str | None], name: dict):
    """The span of a person's name in apposition after the person noun ("жена Манделы Граса
    Машел"), other than the name whose the person is; else None."""
    for kid in tree.kids(word, {"appos", "flat", "flat:name"}):
        if kid.start > word.start:
            for span in people:
                if span[0] <= kid.start and kid.stop <= span[1] and span != (name["start"], name["stop"]):
                    return span
    return None


def _in_genitive(tree: SentenceTree, argument: dict) -> bool:
    """Whether the tagger calls no word of the name another case than the genitive: "жена
    Манделы Граса Машел" names her in the nominative, "с матерью девушки Яффой Иссахар" in the
    instrumental."""
    return all((token.feats or {}).get("Case") in (None, "Gen") for token in tree.tokens
               if argument["start"] <= token.start and token.stop <= argument["stop"])


def _relative_of(tree: SentenceTree, token, anchor):
    """The person noun whose people the name says (a relative, a lawyer, a critic), directly or
    through one person noun in the name's case (a title: "сына экс-президента Леха Валенсы"),
    with no preposition; else None. A noun other than a kinship word must be the event's own:
    hung on the trigger's anchor, or the anchor within three steps below it."""
    current = token
    for _ in range(2):
        if current.rel not in RELATIVE_RELS or tree.kids(current, {"case"}):
            return None
        parent = tree.head(current)
        if parent is None or not person_noun(parent):
            return None
        if _whose(current, parent) and (parent.lemma in kinship_words() or _tied(tree, parent, anchor)
                                         and _holds_no_other(tree, parent, current)):
            return parent
        current = parent
    return None


def _holds_no_other(tree: SentenceTree, word, name) -> bool:
    """Whether the person noun is a party by itself and the name its first genitive: "назначил
    министром обороны адмирала Кармен Мелендес" names a post (a bare instrumental), and in
    "лидер Всеобщего народного конгресса Файка аль-Саид" the leader's genitive is the congress,
    so the name after it is the leader's own."""
    if (word.feats or {}).get("Case") == "Ins" and not tree.kids(word, {"case"}):
        return False
    return not any(kid.rel == "nmod" and (kid.feats or {}).get("Case") == "Gen" and word.stop <= kid.start < name.start
                   for kid in tree.kids(word) if kid.id != name.id)


def _tied(tree: SentenceTree, word, anchor) -> bool:
    """Whether the noun depends on the trigger's anchor ("застрелен критик ... Эмомали Рахмона")
    or the anchor lies below it ("адвоката, который погиб"); "подруга Березовского рассказала о
    его самоубийстве" only shares a verb with the event."""
    return tree.head(word) is not None and tree.head(word).id == anchor.id or any(
        token.id == word.id for token in tree.ancestors(anchor)[1:4])


def _whose(word, relative) -> bool:
    """Whether a word in the genitive under a person noun says whose the person is rather than
    naming the person: the noun is in another case ("Племянник Алишера Усманова", "критик ...
    Эмомали Рахмона застрелен") or number ("боя сыновей главы Чечни"), or is a kinship word of
    another gender ("смерти жены Малафеева"); "сестры Ивановой" may be the sister herself, and a
    title's gender is no person's ("в убийстве поп-звезды Майкла Джексона"). An animate
    accusative is written as its genitive, so it counts as one ("убили брата Петрова")."""
    feats, above = word.feats or {}, relative.feats or {}
    if feats.get("Case") != "Gen":
        return False
    if above.get("Case") not in ("Gen", "Acc"):
        return True
    keys = ("Gender", "Number") if relative.lemma in kinship_words() else ("Number",)
    return any(None not in (feats.get(key), above.get(key)) and feats[key] != above[key] for key in keys)


def _agrees(token, above) -> bool:
    """Whether the word can belong to the phrase of the one above it: a noun modifier in the
    genitive ("Полиция Белиза"; the parser also hangs a dative on a noun: "на заседании ученого
    совета Алферову сообщили"), one in apposition in its head's case ("в пригороде Лидса
    Хаддерсфилде" are two places); a name in the nominative, or with no case (a foreign or
    indeclinable name), either way."""
    case = (token.feats or {}).get("Case")
    if case is None:
        return True
    if case == "Nom":
        return True     # a name in apposition: "на стадионе «Метеор»", "на улице Борисовские пруды"
    if token.rel == "nmod":
        return case == "Gen"
    above_case = (above.feats or {}).get("Case")
    return above_case is None or case == above_case


def _gap(text: str, a: dict, b: dict) -> str:
    """The text between two spans."""
    first, second = (a, b) if a["start"] <= b["start"] else (b, a)
    return text[first["stop"]:second["start"]]


def _surer(a: float | None, b: float | None) -> float | None:
    return b if a is None else a if b is None else max(a, b)


# A championship or cup of a country is held there; the country plays no part in its matches
# ("в матче десятого тура чемпионата России", "вышли в полуфинал Кубка России"): NEREL train
# marks such a country the event's place 12 times of 14 and its party never.
CONTEST_NOUNS = frozenset({"чемпионат", "первенство", "кубок", "суперкубок"})


def contest_places(tree: SentenceTree, arguments: list[dict], place_spans: set[tuple[int, int]]) -> list[dict]:
    """The arguments with each place named in the genitive under a championship or a cup in the
    role of place, not of party."""
    out = []
    for argument in arguments:
        if argument["role"] in ACTOR_ROLES and (argument["start"], argument["stop"]) in place_spans:
            head = tree.span_head(argument["start"], argument["stop"])
            above = tree.head(head) if head is not None else None
            if (above is not None and above.lemma in CONTEST_NOUNS and head.rel == "nmod"
                    and tree.preposition(head) is None):
                argument = {**argument, "role": "place"}
        out.append(argument)
    return out


# "на брифинге по ситуации в Украине", "затронули ситуацию на Украине": the place of a situation
# an event is about is not where the event happens.
TOPIC_NOUNS = frozenset({"ситуация", "обстановка", "положение"})


def topic_places(tree: SentenceTree, trigger, arguments: list[dict]) -> list[dict]:
    """The arguments without the places named under a situation the trigger is about ("ситуация
    в X"), unless the situation is the trigger itself."""
    own = {token.id for token in trigger.tokens}
    out = []
    for argument in arguments:
        if argument["role"] == "place":
            head = tree.span_head(argument["start"], argument["stop"])
            above = tree.head(head) if head is not None else None
            if (above is not None and above.lemma in TOPIC_NOUNS and above.id not in own
                    and head.rel == "nmod" and tree.preposition(head) in PLACE_PREPOSITIONS):
                continue
        out.append(argument)
    return out
