"""Who is no party to an event though the sentence names it beside one.

The source of a report: "..., сообщает AFP", "по данным ОВД-Инфо". News text names its source in
the same sentence as the event, and the source is a named organisation the argument candidates
hold like any other ("Христофиас и Талат провели переговоры, сообщает AFP" made AFP a party to
the talks). A mention is the source of an
attribution when it is the subject of a reporting verb ("сообщает", "передает", "пишет") or hangs
on a source noun under "по"/"со" ("по данным", "со ссылкой на"). Such a mention is no participant
of an event outside that reporting clause. A person stays: "сообщил Лавров" may well name one of
the parties, and the role model decides.

The affiliation of a party: "переговоры президента Соединенных Штатов Джорджа Буша и
премьер-министра Израиля Ариэля Шарона" are talks of two men, not of four parties; who_met_whom
paired "Барак Обама" with "США". A name other than a person's that hangs (nmod) on the title a
person participant stands in apposition to is that person's affiliation, not a party: it stays
an argument of the event, with the role "affiliation", so "every event involving Israel" still
finds it while the actors and who_met_whom's pairs leave it out; so is a name that hangs on such
an affiliation ("отставки главы правительства Гонконга Лян Чжэньина": Hong Kong).
In a statement the speaker's employer, a person too, is the affiliation ("заявил председатель
ЦИК Александр Вешняков", "пресс-секретарь Путина Дмитрий Песков"), and the speaker stays.

The speaker of what is reported: "Министр юстиции Эстонии Рейн Ланг заявил, что в республике
планировались беспорядки с целью свержения правительства" made the minister a party to the riots.
Whoever says or thinks something is no party of an event in the clause said ("заявил, что ...",
"сообщила о том, что ...", "..., - сказал Ланг") when that clause names a subject of its own; without one ("Луговой
заявил, что хочет встретиться с Кэмероном") or with a pronoun ("заявил, что он развелся") the
speaker may well be the one who acts, and stays. On NEREL train, of 96 speakers whose clause
names its own subject, 4 are a participant of an event in it; of 37 whose clause names none, 11.
So is the one whose words or view a clause gives ("По словам Пехтина, решение будет принято на
заседании фракции", "по мнению", "по данным"): on NEREL train none of 68 such names is a
participant of an event in a clause with its own subject. Nor is whoever judges an event its
object names ("МИД Украины расценивает выступление мэра Москвы", "Плющенко прокомментировал
выступление Липницкой"; train: none of 12 such subjects) unless the event names its other side
("Трамп назвал телефонный разговор с Тернбуллом худшим"). The names a speaker's words hang on
speak with it ("МИД Украины", "источник The Sunday Times"; train: none of 39), but not those on
a person noun ("представитель МВД" speaks for a ministry that may well act). Whom a report
cites ("сообщает CNN со ссылкой на старшего офицера полиции Ронала Серпаса", "... на информацию
главы МИД Сергея Лаврова") is its source, a person too (train: none of 6). Nor is whom a verb
of saying tells it ("Как рассказали «Ленте.ру» несколько приглашенных, встреча намечена ...";
train: none of 17). Nor is who asks, lets or makes someone the verb names do what its infinitive
says ("Додон призвал НАТО не торопиться с открытием офиса"; train: none of 8). A speaker named by
"он" or "она" is the person the pronoun stands for. Nor is whose text or page the sentence is read
from ("отмечается в материале The Telegraph", "говорится в заявлении МВД"; train: 1 of 26). Nor is
who does something on the occasion of an event ("объявили траур в связи с гибелью политика";
train: none of 11 such subjects), nor whom an event honours ("матч, приуроченный ко дню рождения
Путина"; train: 1 of 11).
"""
from __future__ import annotations

import itertools

from tasks.nlp.events.learned import ACTOR_ROLES
from tasks.nlp.events.nominals import title_of
from tasks.nlp.events.tree import SentenceTree, person_noun
from tasks.nlp.events.triggers import STATEMENT, Trigger

REPORTING_VERBS = frozenset({
    "сообщать", "сообщить", "передавать", "передать", "писать", "написать", "информировать",
    "проинформировать", "уточнять", "уточнить", "указывать", "указать",
})
SOURCE_NOUNS = frozenset({"данные", "сведение", "информация", "сообщение", "ссылка", "подсчет", "подсчёт"})
SOURCE_PREPOSITIONS = frozenset({"по", "со", "с"})
# Verbs of saying and thinking whose clause is what is said: the reporting verbs above and the
# lexicon's statement verbs ("заявить", "сказать"), with their imperfectives and kin.
SPEECH_VERBS = REPORTING_VERBS | frozenset({
    "заявить", "заявлять", "сказать", "говорить", "отметить", "отмечать", "подчеркнуть", "подчеркивать",
    "добавить", "добавлять", "заверить", "заверять", "объявить", "объявлять", "рассказать", "рассказывать",
    "пояснить", "пояснять", "напомнить", "напоминать", "заметить", "утверждать", "признать", "признаться",
    "считать", "полагать", "уверить", "выразить", "подтвердить", "подтверждать", "опровергнуть",
})
SAID_CLAUSE_RELS = frozenset({"ccomp", "parataxis"})
SPEAKER_DEPTH = 3
# Verbs of judging what someone else did: their subject judges the event their object names
# ("МИД Украины расценивает выступление мэра Москвы", "Плющенко прокомментировал выступление").
JUDGING_VERBS = frozenset({
    "назвать", "называть", "поддержать", "поддерживать", "критиковать", "раскритиковать", "осудить",
    "осуждать", "прокомментировать", "комментировать", "оценить", "оценивать", "расценить",
    "расценивать", "приветствовать", "одобрить", "одобрять", "бойкотировать", "высмеять",
    "цитировать", "процитировать",     # "его выступление цитирует агентство"
})
# Who backs a plan or a programme of an event may well carry it out ("ЕС, Афины и МВФ одобрили
# план реструктуризации долгов Греции"): these judge only the event their object itself names.
BACKING_VERBS = frozenset({"поддержать", "поддерживать", "одобрить", "одобрять"})
# "по словам X", "по мнению X", "по данным X": X says the clause the phrase hangs on.
ATTRIBUTION_NOUNS = SOURCE_NOUNS | frozenset({"слово", "мнение", "оценка", "версия", "утверждение"})
AFFILIATION = "affiliation"
AFFILIATION_RELS = frozenset({"nmod", "appos"})   # how a non-person name hangs on a person's title


def reporting_word(tree: SentenceTree, token):
    """The reporting verb or source noun whose source the token is, or None."""
    head = tree.head(token)
    if head is None:
        return None
    if token.rel == "nsubj" and head.lemma in REPORTING_VERBS:
        return head
    if token.rel == "nmod" and head.lemma in SOURCE_NOUNS and tree.preposition(head) in SOURCE_PREPOSITIONS:
        return head
    return None


def reports_on(tree: SentenceTree, trigger: Trigger, word) -> bool:
    """Whether the trigger lies inside the reporting word's clause ("AFP сообщило о переговорах")."""
    return any(ancestor.id == word.id for ancestor in tree.ancestors(trigger.anchor))


def names_its_subject(tree: SentenceTree, clause_head, besides=None) -> bool:
    """Whether the clause names a subject of its own, a pronoun ("он развелся") and the token
    `besides` aside."""
    return any(t.pos != "PRON" and t is not besides for t in tree.kids(clause_head, {"nsubj", "nsubj:pass"}))


def subjects_of(tree: SentenceTree, verb, completes: str) -> list:
    """The verb's subjects, else, when it is the `completes` dependent of another verb, that
    verb's ("Ющенко отказался комментировать", "- сказал Ланг, добавив, что ...")."""
    subjects = tree.kids(verb, {"nsubj"})
    if not subjects and verb.rel == completes and tree.head(verb) is not None:
        subjects = tree.kids(tree.head(verb), {"nsubj"})
    return subjects


def speaker_phrase(tree: SentenceTree, token) -> list:
    """The speaker's words with the names they hang on it ("МИД Украины", "источник The Sunday
    Times": Ukraine and the paper speak through them). Not below a person noun: "представитель МВД",
    "родственники Абдумомунова" speak for someone who may well be a party."""
    def speaks_with(head, child) -> bool:
        # a name in apposition always; a genitive name unless it hangs on a person noun
        return child.rel != "nmod" or (not tree.kids(child, {"case"}) and not person_noun(head))
    return tree.nominal_subtree(token, SPEAKER_DEPTH, keep=speaks_with)


def speakers_outside(tree: SentenceTree, trigger: Trigger) -> set[str]:
    """Token ids of whoever speaks of the trigger's event without taking part in it: who says the
    clause it lies in, whose words, data, text or page it gives, whom the report cites, who judges
    it, who tells or asks (see the module's docstring); and of whoever the sentence names beside
    the event without a part in it: the people of the crime a legal event is for (in_the_crime),
    who acts on the occasion of the event (on_occasion), whom it honours (honoured)."""
    ancestors = tree.ancestors(trigger.anchor)
    return (attributed(tree, ancestors) | cited(tree, ancestors) | judging(tree, trigger)
            | saying(tree, ancestors) | telling(tree, trigger.anchor, ancestors) | told(tree, ancestors)
            | asking(tree, ancestors) | published_in(tree, ancestors) | in_the_crime(tree, trigger, ancestors)
            | on_occasion(tree, trigger.anchor) | honoured(tree, ancestors))


def _phrases(tree: SentenceTree, tokens) -> set[str]:
    return {t.id for token in tokens for t in speaker_phrase(tree, token)}


def attributed(tree: SentenceTree, ancestors: list) -> set[str]:
    """"По словам Барака, операция продлится ...": whose words a clause with its own subject is."""
    on_path = {t.id for t in ancestors}
    return _phrases(tree, [name for word in ancestors if names_its_subject(tree, word)
                           for noun in tree.kids(word)
                           if noun.id not in on_path and noun.lemma in ATTRIBUTION_NOUNS
                           and tree.preposition(noun) == "по"
                           for name in tree.kids(noun, {"nmod"})])


def cited(tree: SentenceTree, ancestors: list) -> set[str]:
    """"сообщает CNN со ссылкой на офицера полиции Ронала Серпаса", "... на информацию главы МИД
    Сергея Лаврова": whom a report cites, however deep in the phrase."""
    on_path = {t.id for t in ancestors}
    out: set[str] = set()
    for noun in tree.tokens:
        if noun.lemma == "ссылка" and noun.id not in on_path and tree.preposition(noun) in SOURCE_PREPOSITIONS:
            for source in tree.kids(noun, {"nmod"}):
                out |= _phrases(tree, [source])
                if tree.preposition(source) == "на" and source.lemma in ATTRIBUTION_NOUNS:
                    out |= _phrases(tree, tree.kids(source, {"nmod"}))
    return out


def judging(tree: SentenceTree, trigger: Trigger) -> set[str]:
    """"МИД расценивает выступление мэра как ...": who judges the event the verb's object names,
    or a genitive of its object ("отказался комментировать содержание и тон переговоров
    Тимошенко и Путина"), unless the event names its other side ("Трамп назвал телефонный разговор
    с Тернбуллом"). The subject of a verb the judging one completes judges too ("Ющенко отказался
    комментировать ...")."""
    anchor, head = trigger.anchor, tree.head(trigger.anchor)
    if head is not None and anchor.rel == "nmod" and tree.preposition(anchor) is None:
        if head.rel == "conj" and tree.head(head) is not None:
            head = tree.head(head)                # "содержание и тон переговоров"
        if head.rel != "obj":
            return set()
        head = tree.head(head)                    # "комментировать содержание переговоров"
        if head is None or head.lemma in BACKING_VERBS:
            return set()
    elif anchor.rel != "obj":
        return set()
    if (head is None or head.lemma not in JUDGING_VERBS
            or any(tree.preposition(kid) in ("с", "со") for kid in tree.kids(anchor))):
        return set()
    return _phrases(tree, subjects_of(tree, head, "xcomp"))


def saying(tree: SentenceTree, ancestors: list) -> set[str]:
    """"Ланг заявил, что планировались беспорядки", "сообщила о том, что ...": who says the
    nearest clause said above the trigger, when it names its own subject."""
    for said, verb in itertools.pairwise(ancestors):
        if said.rel == "acl" and verb.lemma == "тот" and verb.rel == "obl" and tree.head(verb) is not None:
            verb = tree.head(verb)          # "сообщила о том, что ..."
        elif said.rel not in SAID_CLAUSE_RELS:
            continue
        if verb.lemma not in SPEECH_VERBS:
            continue
        if not names_its_subject(tree, said):
            return set()
        return _phrases(tree, subjects_of(tree, verb, "advcl"))
    return set()


def telling(tree: SentenceTree, anchor, ancestors: list) -> set[str]:
    """"Как сообщил пресс-секретарь Дмитрий Песков, в Москве пройдут переговоры Путина и Эрдогана",
    "..., - сказал Ланг": who says a clause through a verb hanging on it, when the clause names a
    subject of its own other than the event itself ("Кроме того, заявил Зарифуллин, марши
    состоятся ..." keeps the organiser of the marches). NEREL train: none of 47 such speakers is a
    participant of an event in a clause with its own subject; 7 of 21 where it has none."""
    on_path = {t.id for t in ancestors}      # the anchor and its heads
    out: set[str] = set()
    for node in ancestors:
        if not names_its_subject(tree, node, besides=anchor):
            continue
        for verb in tree.kids(node, {"advcl", "parataxis"}):
            if verb.lemma in SPEECH_VERBS and verb.id not in on_path:
                out |= _phrases(tree, tree.kids(verb, {"nsubj"}))
    return out


# Verbs that ask, let or make someone else do what their infinitive says ("призвал президентов не
# принимать участия в акции", "врачи разрешили Пеле зажечь огонь"): the one asked acts, not the
# asker. Not "предложить" or "пригласить": "Путин предложил Обаме провести переговоры" and
# "пригласил ... принять участие в переговорах" propose what both sides do.
ASKING_VERBS = frozenset({
    "призвать", "призывать", "попросить", "просить", "разрешить", "разрешать", "позволить",
    "позволять", "запретить", "запрещать", "поручить", "поручать", "приказать", "приказывать",
    "потребовать", "требовать", "рекомендовать", "посоветовать", "советовать", "убедить",
    "уговорить", "заставить", "вынудить", "обязать",
})
ASKED_RELS = frozenset({"obj", "iobj", "obl"})


def asking(tree: SentenceTree, ancestors: list) -> set[str]:
    """"Он призвал президентов других стран не принимать участия в акции поддержки Чавеса": who
    asks, lets or makes someone the verb names do what its infinitive says is no party of an
    event in it. NEREL train: none of 8 such subjects is a participant."""
    for below, verb in itertools.pairwise(ancestors):
        if below.rel != "xcomp" or verb.lemma not in ASKING_VERBS:
            continue
        asked = [kid for kid in tree.kids(verb, ASKED_RELS)
                 if kid.pos in ("NOUN", "PROPN", "PRON") and tree.preposition(kid) is None
                 and (kid.feats or {}).get("Case") in ("Acc", "Dat")]
        if asked:
            return _phrases(tree, tree.kids(verb, {"nsubj"}))
    return set()


# Texts and pages a clause is read from ("говорится в заявлении МВД", "отмечается в материале The
# Telegraph", "сообщается на сайте Кремля", "заявил в эфире телеканала"), and the verbs that say
# or publish through them besides the verbs of saying: their impersonal and passive forms.
PUBLICATION_NOUNS = frozenset({
    "материал", "статья", "публикация", "сообщение", "заявление", "интервью", "пресс-релиз", "блог",
    "микроблог", "сайт", "страница", "аккаунт", "эфир", "колонка", "репортаж", "газета", "журнал",
    "издание", "письмо", "твиттер", "телеграм-канал",
})
PUBLISHING_VERBS = SPEECH_VERBS | frozenset({
    "говориться", "сообщаться", "отмечаться", "указываться", "утверждаться", "подчеркиваться",
    "уточняться", "приводиться", "объявляться", "заявляться", "опубликовать", "публиковать",
    "появиться", "разместить", "размещать", "выложить",
})
PUBLICATION_PREPOSITIONS = frozenset({"в", "во", "на"})


def published_in(tree: SentenceTree, ancestors: list) -> set[str]:
    """"Автопортрет был продан, отмечается в материале The Telegraph", "В заявлении МВД говорится,
    что ...": whose text or page a verb of saying or publishing reads the sentence from, unless the
    trigger lies in that text's own phrase. NEREL train: 1 of 26 such names is a participant of an
    event of the sentence."""
    on_path = {t.id for t in ancestors}
    return _phrases(tree, [name for noun in tree.tokens
                           if noun.lemma in PUBLICATION_NOUNS and noun.id not in on_path
                           and tree.preposition(noun) in PUBLICATION_PREPOSITIONS
                           and (verb := tree.head(noun)) is not None and verb.lemma in PUBLISHING_VERBS
                           for name in tree.kids(noun, {"nmod", "appos"})])


# An arrest, a charge, a trial or a sentence names the crime it is for ("признал виновной в убийстве
# мужа", "подозреваемый в гибели Марины Голуб", "по обвинению в финансировании Исламского
# государства"): the words that accuse, and the event types whose parties the crime's are not.
ACCUSING_WORDS = frozenset({
    "виновный", "виновен", "обвинение", "обвинять", "обвинить", "обвиняемый", "обвиненный",
    "подозрение", "подозревать", "заподозрить", "подозреваемый", "уличить", "изобличить",
})
LEGAL_TYPES = frozenset({"arrest", "charge", "court_ruling", "sentence"})
CRIME_DEPTH = 4


def _under_nouns(tree: SentenceTree, ancestors: list, fits, depth: int) -> set[str]:
    """Token ids below (within `depth`) each noun `fits` picks that is not the trigger or above it."""
    on_path = {t.id for t in ancestors}
    return {t.id for noun in tree.tokens if noun.id not in on_path and fits(noun)
            for t in tree.nominal_subtree(noun, depth) if t.id != noun.id}


def in_the_crime(tree: SentenceTree, trigger: Trigger, ancestors: list) -> set[str]:
    """"суд признал Тамару Рохлину виновной в убийстве мужа и приговорил ее": the names in the
    crime an arrest, a charge, a trial or a sentence is for (a noun under "в" of an accusing word)
    are the crime's people, the victim among them, not parties of the arrest or the sentence.
    NEREL train: of 27 such names beside an event of their sentence, 22 no participant of it, and
    the 5 that are belong to a death or an attack (the crime itself told again), not a legal event."""
    if trigger.type not in LEGAL_TYPES:
        return set()

    def crime(noun) -> bool:
        accusing = tree.head(noun)
        return (noun.pos == "NOUN" and tree.preposition(noun) == "в"
                and accusing is not None and accusing.lemma in ACCUSING_WORDS)
    return _under_nouns(tree, ancestors, crime, CRIME_DEPTH)


# Phrases that give an event as the occasion of what a verb does ("объявили траур в связи с
# гибелью", "направил телеграмму по случаю его избрания"): a multiword preposition on the event,
# or a noun with its preposition the event hangs on.
OCCASION_PREPOSITIONS = frozenset({"в связи с", "в связи со"})
OCCASION_NOUNS = frozenset({("по", "случай"), ("по", "повод"), ("в", "честь"), ("в", "память")})
OCCASION_DEPTH = 3


def preposition_words(tree: SentenceTree, token) -> str | None:
    """A token's preposition with the words fixed to it, lowercase ("в связи с"), or None."""
    for case in tree.kids(token, {"case"}):
        return " ".join([case.text.lower()] + [word.text.lower() for word in tree.kids(case, {"fixed"})])
    return None


def on_occasion(tree: SentenceTree, anchor) -> set[str]:
    """"Власти Парагвая объявили трёхдневный траур в связи с гибелью политика", "Асад направил
    телеграмму Рухани по случаю его избрания": who does something on the occasion of an event is no
    party of it (the one the verb addresses may be: Рухани was elected). NEREL train: none of 11
    such subjects is a participant of the event."""
    token = anchor
    for _ in range(OCCASION_DEPTH):
        head = tree.head(token)
        if head is None:
            return set()
        if preposition_words(tree, token) in OCCASION_PREPOSITIONS and head.pos == "VERB":
            return _phrases(tree, tree.kids(head, {"nsubj", "nsubj:pass"}))
        verb = tree.head(head)
        if (token.rel == "nmod" and (tree.preposition(head), head.lemma) in OCCASION_NOUNS
                and verb is not None and verb.pos == "VERB"):
            return _phrases(tree, tree.kids(verb, {"nsubj", "nsubj:pass"}))
        if token.rel not in ("nmod", "conj"):
            return set()
        token = head
    return set()


# Whom an event honours: "митинг в честь дня рождения Степана Бандеры", "собрание, посвящённое
# памяти Андрияна Николаева", "матч, приуроченный ко дню рождения Путина".
HONOUR_NOUNS = frozenset({"честь", "память"})
DEDICATING_VERBS = frozenset({"приурочить", "посвятить", "приуроченный", "посвященный", "посвящённый"})
DEDICATED_NOUNS = frozenset({"день", "годовщина", "юбилей", "память"})
HONOUR_DEPTH = 3


def honoured(tree: SentenceTree, ancestors: list) -> set[str]:
    """The names an event is held in honour or in memory of, or dedicated to the day of: no
    parties of it, unless the phrase holds the trigger ("акция в память о ..." is the event).
    NEREL train: of 11 such names (a street or a theatre "имени ..." aside), 10 no participant."""
    def honouring(noun) -> bool:
        head = tree.head(noun)
        # "в честь", "в память", "памяти"; not the "честь" of "иск о защите чести и достоинства"
        return (noun.lemma in HONOUR_NOUNS and tree.preposition(noun) in ("в", "во")
                or noun.lemma == "память" and tree.preposition(noun) is None
                or noun.lemma in DEDICATED_NOUNS and head is not None and head.lemma in DEDICATING_VERBS)
    return _under_nouns(tree, ancestors, honouring, HONOUR_DEPTH)


def told(tree: SentenceTree, ancestors: list) -> set[str]:
    """"Как рассказали «Ленте.ру» несколько приглашенных, встреча намечена на вторник", "заявил
    агентству Reuters, что ...": whom a verb of saying tells the clause the trigger lies in (a
    noun in the dative, no preposition), with or without a subject of its own. NEREL train: none
    of 17 such addressees is a participant of the event."""
    on_path = {t.id for t in ancestors}
    verbs = [verb for said, verb in itertools.pairwise(ancestors)
             if said.rel in SAID_CLAUSE_RELS and verb.lemma in SPEECH_VERBS]
    verbs += [verb for node in ancestors for verb in tree.kids(node, {"advcl", "parataxis"})
              if verb.lemma in SPEECH_VERBS and verb.id not in on_path]
    return _phrases(tree, [kid for verb in verbs for kid in tree.kids(verb, {"iobj", "obl", "obj"})
                           if kid.pos in ("NOUN", "PROPN") and (kid.feats or {}).get("Case") == "Dat"
                           and tree.preposition(kid) is None])


SAID_ROLES = frozenset({"place", "time"})


def said_or_told_aside(tree: SentenceTree, anchor, arguments: list[dict], heads: dict,
                       speakers: set[tuple[int, int]]) -> list[dict]:
    """A statement's arguments less the people, places and times of what is said ("ФБР сообщило,
    что разыскивало Конопку", "заявил Зарифуллин, марши состоятся в Кишиневе") and whom it is
    told ("Об этом телеканалу НТВ заявил представитель федеральных сил"): an argument in a clause
    said (SAID_CLAUSE_RELS, "о том, что ...", or the clause a parenthetical "..., сообщил ТАСС"
    hangs on) on that clause's side of the verb and set apart from it by a comma, a dash or a
    colon, or a party in the dative with no preposition on the verb and a name
    right after it. Side and mark keep the speaker the parser hung on the clause said ("президент
    Владимир Путин сообщил, что поручит ..." makes "президент" the subject of "поручит", "однако
    спикер ... Турчинов заявил" the subject of the clause before); `speakers`: the spans a pronoun
    speaker stands for, kept."""
    at = tree.position(anchor)
    # "..., сообщил ТАСС", "..., — сообщили в пресс-службе": the clause said is the head of a
    # parenthetical verb with a subject of its own or none at all (plural or passive)
    feats = anchor.feats or {}
    top = tree.head(anchor) if anchor.rel == "parataxis" and (
        tree.kids(anchor, {"nsubj"}) or feats.get("Number") == "Plur" or feats.get("Voice") == "Pass") else None

    def across(token) -> bool:
        """A punctuation mark stands between the token and the verb ("Как рассказал "Москве 24"
        организатор ярмарки Патрис Жени, ..." keeps the organiser)."""
        low, high = sorted((tree.position(token), at))
        return any(t.pos == "PUNCT" and t.text not in "«»\"'" for t in tree.tokens[low + 1:high])

    def same_side(token, clause) -> bool:
        return (tree.position(token) < at) == (tree.position(clause) < at)

    def addressee(noun, head) -> bool:
        if noun.pos not in ("NOUN", "PROPN") or tree.preposition(noun) is not None \
                or (noun.feats or {}).get("Case") != "Dat" or noun.rel not in ("iobj", "obl", "obj"):
            return False
        between = tree.tokens[tree.position(noun) + 1:tree.position(head)]
        return head is noun or tree.head(head) is noun and all(t.pos == "PUNCT" for t in between)

    def aside(head, party: bool) -> bool:
        chain = tree.ancestors(head)
        for below, above in itertools.pairwise(chain):
            if above.id == anchor.id:
                if below.rel in SAID_CLAUSE_RELS or below.lemma == "тот":
                    return same_side(head, below) and across(head)
                return party and addressee(below, head)
        return top is not None and head.id != anchor.id and any(t.id == top.id for t in chain) \
            and same_side(head, top) and across(head)

    def kept(argument: dict) -> bool:
        span = (argument["start"], argument["stop"])
        if argument["role"] in ACTOR_ROLES:
            return span in speakers or (head := heads.get(span)) is None or not aside(head, True)
        if argument["role"] in SAID_ROLES:       # where and when the words say something happens
            return (head := tree.span_head(*span)) is None or not aside(head, False)
        return True

    return [argument for argument in arguments if kept(argument)]


def titles_of_people(tree: SentenceTree, people: list) -> set[str]:
    """Token ids of the titles the person actors (their head tokens) stand in apposition to
    ("президента ... Джорджа Буша")."""
    people_of: dict[str, int] = {}
    for head in people:
        if head.rel == "appos" and tree.head(head) is not None:
            people_of[head.head_id] = people_of.get(head.head_id, 0) + 1
    titles = set(people_of)
    # One title holds one person: two in apposition to it means the parser hung the second
    # person of "президента США Джорджа Буша и премьер-министра Израиля Ариэля Шарона" on the
    # first title, so the titles conjoined to it are titles of those people too.
    for title_id, count in people_of.items():
        if count > 1:
            titles.update(t.id for t in tree.kids(tree.by_id[title_id], {"conj"}))
    return titles


STATEMENT_TITLE_DEPTH = 2   # "заместитель председателя Центробанка Алексей Улюкаев": two steps


def on_title(tree: SentenceTree, head, titles: set[str], depth: int) -> bool:
    """Whether the token hangs (nmod, through at most `depth` nouns) on one of the titles."""
    current = head
    for _ in range(depth):
        parent = tree.head(current)
        if current.rel != "nmod" or parent is None:
            return False
        if parent.id in titles:
            return True
        current = parent
    return False


HOLDER_DEPTH = 4   # "начальника Главного оперативного управления Генштаба ВС РФ": four steps


def title_holders(tree: SentenceTree, heads: dict, named: set[tuple[int, int]]) -> set[str]:
    """Token ids of the actors that are one person named by a title noun and no name ("уволил
    начальника УВД Томской области", "избран игрок НБА"): the names on such a title say whom
    the person belongs to, as they do on a named person's title (titles_of_people)."""
    return {head.id for span, head in heads.items()
            if head is not None and span not in named and head.pos == "NOUN"
            and (head.feats or {}).get("Number") == "Sing" and title_of(tree, head) is not None}


def speakers_affiliations(tree: SentenceTree, arguments: list[dict], heads: dict, titles: set[str]) -> list[dict]:
    """A statement's arguments with the names on its speaker's title (titles_of_people) in the
    role "affiliation": "заявил председатель ЦИК Александр Вешняков" is Вешняков's statement, not
    the commission's, and "сообщил пресс-секретарь Путина Дмитрий Песков" Peskov's, not Putin's."""
    if not titles:
        return arguments
    return [{**argument, "role": AFFILIATION}
            if (head := heads.get((argument["start"], argument["stop"]))) is not None
            and on_title(tree, head, titles, STATEMENT_TITLE_DEPTH) else argument
            for argument in arguments]


# A speaker named by a pronoun ("Он заявил, что ...") is the person it stands for.
SPEAKER_PRONOUNS = frozenset({"он", "она"})
SPEAKER_PRONOUN_RELS = frozenset({"nsubj", "obj", "iobj", "obl"})


def spoken_for(tree: SentenceTree, speakers: set[str], index) -> set[tuple[int, int]]:
    """The spans of the persons the speakers' pronouns stand for (MentionIndex.antecedent)."""
    if index is None:
        return set()
    found = (index.antecedent(token) for token in (tree.by_id[i] for i in speakers)
             if token.pos == "PRON" and token.lemma in SPEAKER_PRONOUNS and token.rel in SPEAKER_PRONOUN_RELS)
    return {(mention["start"], mention["stop"]) for mention in found if mention is not None}


def parties_only(tree: SentenceTree, trigger: Trigger, arguments: list[dict],
                 person_spans: set[tuple[int, int]], index=None) -> list[dict]:
    """The trigger's arguments less the actors that are only the source of what is reported, and
    with a person actor's affiliation in the role "affiliation"; person_spans: the article's PER
    mentions; index: the sentence's MentionIndex, for whom a speaker's pronoun stands for."""
    # the syntactic head of each actor in this sentence (one in another sentence has none)
    heads = {(a["start"], a["stop"]): tree.span_head(a["start"], a["stop"])
             for a in arguments if a["role"] in ACTOR_ROLES}
    titles = titles_of_people(tree, [head for span, head in heads.items()
                                     if span in person_spans and head is not None])
    if trigger.type == STATEMENT:     # the source of a statement is its speaker
        pronouns = {t.id for t in tree.kids(trigger.anchor, {"nsubj"}) if t.pos == "PRON"}
        arguments = said_or_told_aside(tree, trigger.anchor, arguments, heads, spoken_for(tree, pronouns, index))
        arguments = speakers_affiliations(tree, arguments, heads, titles)
        return arguments + titles_names(tree, arguments, index, person_spans, statement=True)
    # a name on the title, and a name on such a name ("главы правительства Гонконга Лян Чжэньина")
    # (in apposition too, as the parser reads a quoted name: "корреспондента «Радио Свобода» Андрея Бабицкого")
    affiliations = {head.id for span, head in heads.items()
                    if head is not None and span not in person_spans and head.rel in AFFILIATION_RELS
                    and head.head_id in titles}
    named = {(m["start"], m["stop"]) for m in index.mentions} if index is not None else set()
    holders = title_holders(tree, heads, named)
    speakers = speakers_outside(tree, trigger) if heads else set()
    spoken = spoken_for(tree, speakers, index)
    kept = []
    for argument in arguments:
        span = (argument["start"], argument["stop"])
        said_by = heads.get(span) if argument["role"] in ACTOR_ROLES else None
        if said_by is not None and said_by.id in speakers or argument["role"] in ACTOR_ROLES and span in spoken:
            continue
        head = heads.get(span) if argument["role"] in ACTOR_ROLES and span not in person_spans else None
        if head is not None:
            word = reporting_word(tree, tree.phrase_top(head))   # "передает РИА «Новости»": Новости
            if word is not None and word.id != trigger.anchor.id and not reports_on(tree, trigger, word):
                continue
            if (head.rel == "nmod" and head.head_id in affiliations
                    or head.rel in AFFILIATION_RELS and head.head_id in titles
                    or on_title(tree, head, holders, HOLDER_DEPTH)):
                argument = {**argument, "role": AFFILIATION}
        kept.append(argument)
    return kept + titles_names(tree, kept, index, person_spans, statement=False)


def titles_names(tree: SentenceTree, arguments: list[dict], index, person_spans: set, statement: bool) -> list[dict]:
    """Affiliations the role model left out: the names on a person actor's title that no argument
    holds ("премьер-министра Израиля Ариэля Шарона": Israel), read from the parse alone, so "every
    event involving Israel" finds the talks whether or not the model scored Israel as a candidate
    (NEREL marks the person, not the country, so a retrained model may well leave it). A person
    counts too ("жена Манделы Граса Машел", "пресс-секретарь Путина Дмитрий Песков"): one the
    model did not make a party says only whose title it is, but one in apposition holds the
    title himself (the parser hangs the second of two titled people on the first title). The
    titles are those of the parties kept, not of a speaker or addressee set aside."""
    actor = next((a for a in arguments if a["role"] in ACTOR_ROLES), None)
    if actor is None or index is None:
        return []
    titles = titles_of_people(tree, [head for a in arguments if a["role"] in ACTOR_ROLES
                                     and (a["start"], a["stop"]) in person_spans
                                     and (head := tree.span_head(a["start"], a["stop"])) is not None])
    if not titles:
        return []
    taken = {(a["start"], a["stop"]) for a in arguments}
    found = []
    on_titles = {head.id for a in arguments if a["role"] == AFFILIATION
                 and (head := tree.span_head(a["start"], a["stop"])) is not None}
    # a name on a name on the title comes second ("главы правительства Гонконга": Гонконг hangs on
    # правительства, which hangs on the title), so the first pass finds the names on the titles
    for depth in ((1,) if statement else (1, 2)):
        for mention in index.mentions:      # the sentence's (extract.py builds an index per sentence)
            span = (mention["start"], mention["stop"])
            head = tree.span_head(*span)
            if span in taken or head is None or (span in person_spans and head.rel != "nmod"):
                continue
            if statement:
                held = on_title(tree, head, titles, STATEMENT_TITLE_DEPTH)
            else:
                held = (head.rel in AFFILIATION_RELS and head.head_id in titles) if depth == 1 else \
                    (head.rel == "nmod" and head.head_id in on_titles)
            if held:
                taken.add(span)
                on_titles.add(head.id)
                found.append({"event_id": actor["event_id"], "article_id": actor["article_id"], "role": AFFILIATION,
                              "start": mention["start"], "stop": mention["stop"], "text": mention["text"],
                              "entity_id": mention["entity_id"], "confidence": None})   # no model's
    return found
