"""Who reported an event is not who took part in it: "..., сообщает AFP", "по данным ОВД-Инфо".

News text names its source in the same sentence as the event, and the source is a named
organisation the argument candidates hold like any other ("Христофиас и Талат провели
переговоры, сообщает AFP" made AFP a party to the talks). A mention is the source of an
attribution when it is the subject of a reporting verb ("сообщает", "передает", "пишет") or hangs
on a source noun under "по"/"со" ("по данным", "со ссылкой на"). Such a mention is no participant
of an event outside that reporting clause. A person stays: "сообщил Лавров" may well name one of
the parties, and the role model decides.
"""
from __future__ import annotations

from tasks.nlp.events.learned import span_head
from tasks.nlp.events.tree import SentenceTree
from tasks.nlp.events.triggers import STATEMENT, Trigger

REPORTING_VERBS = frozenset({
    "сообщать", "сообщить", "передавать", "передать", "писать", "написать", "информировать",
    "проинформировать", "уточнять", "уточнить", "указывать", "указать",
})
SOURCE_NOUNS = frozenset({"данные", "сведение", "информация", "сообщение", "ссылка", "подсчет", "подсчёт"})
SOURCE_PREPOSITIONS = frozenset({"по", "со", "с"})
ACTOR_ROLES = frozenset({"participant", "target", "agent"})


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


def without_sources(tree: SentenceTree, trigger: Trigger, arguments: list[dict],
                    person_spans: set[tuple[int, int]]) -> list[dict]:
    """The trigger's arguments less the actors that are only the source of what is reported."""
    if trigger.type == STATEMENT:
        return arguments           # the source of a statement is its speaker
    kept = []
    for argument in arguments:
        if argument["role"] in ACTOR_ROLES and (argument["start"], argument["stop"]) not in person_spans:
            head = span_head(tree, argument["start"], argument["stop"])
            word = reporting_word(tree, head) if head is not None else None
            if word is not None and word.id != trigger.anchor.id and not reports_on(tree, trigger, word):
                continue
        kept.append(argument)
    return kept
