"""Triggers: lexicon lemmas and head + dependent patterns found in a sentence's tree.

Triggers are found by lemma (tasks/nlp/lexicon/triggers.csv) and by head + dependent patterns
(tasks/nlp/lexicon/patterns.csv: "продлить арест", "телефонный разговор", "по телефону"); a
trigger noun that only specifies another trigger joins it ("церемония канонизации").
"""
from __future__ import annotations

from dataclasses import dataclass

from tasks.nlp.events.lexicon import NO_EVENT, Lexicon
from tasks.nlp.events.tree import SentenceTree

GENERIC_TYPES = {"ceremony", "other"}
STATEMENT = "statement"      # a reporting verb; NEREL marks none, so event scoring leaves them out
MAX_TRIGGER_GAP = 3         # token positions between the first and last word of a trigger span


@dataclass
class Trigger:
    tokens: list              # natasha tokens, the first is the anchor (syntactic head)
    type: str
    # The trigger model's probability that the words name an event (the best of its words'
    # scores); None for the rules alone and for statements, which the rules read by themselves.
    confidence: float | None = None

    @property
    def anchor(self):
        return self.tokens[0]

    @property
    def span_tokens(self) -> list:
        """The tokens the trigger span covers: all of them when they stand close together
        ("продлил арест", "подал в отставку"), else the anchor alone, so that a phrase split
        across the sentence ("Договор ... участники подписали") does not cover the words between."""
        positions = [int(t.id.rsplit("_", 1)[1]) for t in self.tokens]
        return self.tokens if max(positions) - min(positions) <= MAX_TRIGGER_GAP else [self.anchor]

    @property
    def start(self) -> int:
        return min(t.start for t in self.span_tokens)

    @property
    def stop(self) -> int:
        return max(t.stop for t in self.span_tokens)


def find_triggers(tree: SentenceTree, lexicon: Lexicon) -> list[Trigger]:
    """Pattern triggers first; single-lemma triggers on the tokens the patterns left free."""
    triggers, claimed = [], set()
    for token in tree.tokens:
        head = tree.head(token)
        if head is None:
            continue
        pattern = lexicon.pattern_for(head.lemma, token.lemma, token.rel)
        if pattern is None or head.id in claimed:
            continue
        claimed.update((head.id, token.id))
        if pattern.type != NO_EVENT:
            triggers.append(Trigger([head, token], pattern.type))
    for token in tree.tokens:
        if token.id in claimed or token.pos not in ("NOUN", "VERB", "PROPN"):
            continue
        if token.pos == "VERB" and token.rel == "amod" and not tree.kids(token):
            continue                # a bare participle describes a noun: "погибший генерал"
        event_type = lexicon.triggers.get(token.lemma)
        if event_type and event_type != NO_EVENT:
            triggers.append(Trigger([token], event_type))
    return sorted(merge_nested(tree, triggers), key=lambda t: (t.start, t.stop))


def is_pattern(trigger: Trigger, lexicon: Lexicon) -> bool:
    """Whether a curated head + dependent phrase ("по телефону", "продлить арест") found it."""
    head, *rest = trigger.tokens
    return any(lexicon.pattern_for(head.lemma, token.lemma, token.rel) is not None for token in rest)


def merge_nested(tree: SentenceTree, triggers: list[Trigger]) -> list[Trigger]:
    """One event for a trigger noun that only specifies another trigger.

    "церемония канонизации", "уход в отставку": the dependent noun joins its head's trigger.
    A dependent under a preposition is another event ("погиб после взрыва") unless both have
    the same type. A generic head (ceremony, other) takes the dependent's type.
    """
    owner = {token.id: trigger for trigger in triggers for token in trigger.tokens}
    kept = list(triggers)
    changed = True
    while changed:
        changed = False
        for trigger in kept:
            anchor = trigger.anchor
            host = owner.get(anchor.head_id)
            if (anchor.pos not in ("NOUN", "PROPN") or anchor.rel != "nmod" or host is None
                    or host is trigger):
                continue
            if tree.preposition(anchor) is not None and host.type != trigger.type:
                continue
            host.tokens.extend(trigger.tokens)
            if host.type in GENERIC_TYPES:
                host.type = trigger.type
            for token in trigger.tokens:
                owner[token.id] = host
            kept.remove(trigger)
            changed = True
            break
    return kept
