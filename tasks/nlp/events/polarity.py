"""Events the text says did not happen.

"Суд не отпустил Марию Алёхину", "Никаких арестов проведено не было", "Встреча не состоялась",
"едва не погиб", "обошлось без жертв": an analyst asking who was released, arrested or killed must
not get these. GDELT codes no negated event and ACE marks its polarity negative; the extractor
leaves them out. Statements stay ("Путин не исключил, что ...": saying so is the event).
"""
from __future__ import annotations

from tasks.nlp.events.tree import SentenceTree
from tasks.nlp.events.triggers import STATEMENT, Trigger

NEGATION = "не"
# "едва не погиб", "чуть не утонул": the event almost happened, so it did not
ALMOST = {"едва", "чуть"}
# "пока конклав не изберет нового папу": until, when it opens the clause; the event is still to
# come ("виновные пока не задержаны", not yet, is a denial)
UNTIL = {"пока"}
# Verbs that only say whether a named event took place: "арестов проведено не было", "встреча не
# состоялась", "жертв нет".
HAPPENING_VERBS = {"быть", "нет", "состояться", "произойти", "происходить", "провести", "проводить",
                   "проводиться", "случиться", "последовать"}
ABSENCE = "без"             # "обошлось без жертв" (but "не обошлось без выступления")
SUBJECT_OR_OBJECT = {"nsubj", "nsubj:pass", "obj"}


def denied(tree: SentenceTree, verb) -> bool:
    """Whether the verb is negated ("не отпустил", "едва не погиб"), outside "пока ... не"."""
    kids = tree.kids(verb)
    if any(kid.lemma in UNTIL and (kid.rel == "mark" or kid.start == _clause_start(tree, verb)) for kid in kids):
        return False
    return any(kid.rel == "advmod" and (kid.lemma == NEGATION
                                        or (kid.lemma in ALMOST
                                            and any(k.lemma == NEGATION for k in tree.kids(kid, {"fixed"}))))
               for kid in kids)


def _clause_start(tree: SentenceTree, verb) -> int:
    """Where the verb's clause begins: the first word of its subtree, punctuation aside."""
    start, stack, seen = verb.start, [verb], {verb.id}
    while stack:
        for kid in tree.kids(stack.pop()):
            if kid.id not in seen and kid.pos != "PUNCT":
                seen.add(kid.id)
                start = min(start, kid.start)
                stack.append(kid)
    return start


def negated(tree: SentenceTree, trigger: Trigger) -> bool:
    """Whether the text says the trigger's event did not happen: its verb is negated, or its noun
    is the subject or object of a negated verb of the trigger's phrase or of one that only says
    it happened, or stands under "без"."""
    anchor = trigger.anchor
    if anchor.pos in ("VERB", "AUX"):
        return denied(tree, anchor)
    if anchor.pos not in ("NOUN", "PROPN"):
        return False
    head = tree.head(anchor)
    if any(kid.lemma == ABSENCE for kid in tree.kids(anchor, {"case"})):
        # "Не обошлось без выступления": two negations, and the event took place
        return head is None or head.pos not in ("VERB", "AUX") or not denied(tree, head)
    if head is None or anchor.rel not in SUBJECT_OR_OBJECT or head.pos not in ("VERB", "AUX"):
        return False
    own = any(token.id == head.id for token in trigger.tokens)
    return (own or head.lemma in HAPPENING_VERBS) and denied(tree, head)


def affirmed(tree: SentenceTree, triggers: list[Trigger]) -> list[Trigger]:
    """The triggers whose events the text does not deny (statements always)."""
    return [t for t in triggers if t.type == STATEMENT or not negated(tree, t)]
