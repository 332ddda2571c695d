"""Which of its sentence's dates an event takes: one attached to the trigger first, then the
most precise, then the nearest; a date in another clause is not the event's."""
from __future__ import annotations

from tasks.nlp.dates import PRECISION_RANK, ResolvedDate
from tasks.nlp.events.tree import SentenceTree
from tasks.nlp.events.triggers import Trigger


def _attached(tree: SentenceTree, token, roots: set[str], steps: int = 3) -> bool:
    current = token
    for _ in range(steps):
        current = tree.head(current)
        if current is None:
            return False
        if current.id in roots:
            return True
    return False


def choose_date(tree: SentenceTree, trigger: Trigger,
                dates: list[ResolvedDate]) -> ResolvedDate | None:
    """Date of the event among its sentence's dates: attached, then precise, then near."""
    if not dates:
        return None
    roots = {t.id for t in trigger.tokens} | {tree.predicate(trigger.anchor).id}

    clause_ids = {t.id for t in tree.clause(tree.predicate(trigger.anchor))}
    clause_ids.update(t.id for t in tree.clause(trigger.anchor))

    def tokens_of(date: ResolvedDate) -> list:
        return [t for t in tree.tokens if date.mention.start <= t.start < date.mention.stop]

    def attached(date: ResolvedDate) -> bool:
        return any(_attached(tree, t, roots) for t in tokens_of(date))

    def same_clause(date: ResolvedDate) -> bool:
        """The date and the trigger belong to one predicate: neither is in a clause of its own."""
        date_tokens = tokens_of(date)
        if any(t.id in clause_ids for t in date_tokens):
            return True
        top = tree.clause_root(date_tokens[0]) if date_tokens else None
        return top is not None and trigger.anchor.id in {t.id for t in tree.clause(top)}

    dates = [d for d in dates if attached(d) or same_clause(d)]
    if not dates:
        return None

    def distance(date: ResolvedDate) -> int:
        mention = date.mention
        if mention.stop <= trigger.start:
            return trigger.start - mention.stop
        return max(0, mention.start - trigger.stop)

    return min(dates, key=lambda d: (not attached(d), -PRECISION_RANK[d.precision], distance(d)))
