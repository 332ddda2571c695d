"""The sense of an ambiguous trigger word, read from the words around it (lexicon/senses.csv).

One lemma, several senses: "операция" is surgery on a knee, warfare when military and a bank's
transaction when financial; "акции" are a protest or a company's shares; a falling price is no
accident. The trigger model decides whether a word names an event, and it learned that on NEREL's
Wikinews, where the share or the search operation is rare; the lexicon gives one type per lemma.
A sense row retypes the trigger, or removes it (type "none"), when its cue is the lemma of the
trigger word's head or of one of its dependents, the preposition of a dependent ("процесс над"),
or (a weaker cue, listed after those) the lemma of any word of its sentence ("врачи" around
"после операции"). The first matching row of the lemma wins; a row "otherwise" types the word
when no cue is found. Curated pattern phrases keep the type they name.

A head row naming "nmod" also matches the noun just before the trigger's phrase: the parser
often hangs a prepositional phrase on a word further up ("суд над ... майором в отставке" hangs
"в отставке" on "суд"), and a phrase right after a noun modifies it.
"""
from __future__ import annotations

from tasks.nlp.events.lexicon import NO_EVENT, Lexicon, Sense
from tasks.nlp.events.tree import SentenceTree
from tasks.nlp.events.triggers import STATEMENT, Trigger, is_pattern


def sense_type(tree: SentenceTree, token, rows: tuple[Sense, ...]) -> str | None:
    """The type the first row matching the token's context gives, None when no row matches."""
    head = tree.head(token)
    kids = words = None
    before = _UNSET
    for row in rows:
        if row.where == "otherwise":
            return row.type
        if row.where == "head":
            if head is not None and head.lemma == row.cue and row.related(token):
                return row.type
            if "nmod" in row.relations:
                before = noun_before(tree, token) if before is _UNSET else before
                if before is not None and before is not head and before.lemma == row.cue:
                    return row.type
        elif row.where == "sentence":
            words = {t.lemma for t in tree.tokens if t is not token} if words is None else words
            if row.cue in words:
                return row.type
        else:
            kids = tree.kids(token) if kids is None else kids
            if row.where == "preposition":
                if any(tree.preposition(kid) == row.cue and row.related(kid) for kid in kids):
                    return row.type
            elif any(kid.lemma == row.cue and row.related(kid) for kid in kids):
                return row.type
    return None


_UNSET = object()
PHRASE_START_RELS = frozenset({"case", "amod", "det", "nummod"})


def noun_before(tree: SentenceTree, token):
    """The noun right before the token's phrase (its preposition and modifiers), or None."""
    position = tree.position(token)
    start = position
    while start > 0:
        previous = tree.tokens[start - 1]
        if previous.head_id != token.id or previous.rel not in PHRASE_START_RELS:
            break
        start -= 1
    if start == 0:
        return None
    previous = tree.tokens[start - 1]
    return previous if previous.pos in ("NOUN", "PROPN") else None


def with_senses(tree: SentenceTree, triggers: list[Trigger], lexicon: Lexicon) -> list[Trigger]:
    """The triggers, each typed by the sense its anchor word takes here; those whose sense is no
    event are left out."""
    kept = []
    for trigger in triggers:
        rows = lexicon.senses.get(trigger.anchor.lemma)
        if rows and trigger.type != STATEMENT and not is_pattern(trigger, lexicon):
            sense = sense_type(tree, trigger.anchor, rows)
            if sense == NO_EVENT:
                continue
            if sense is not None:
                trigger.type = sense
        kept.append(trigger)
    return kept
