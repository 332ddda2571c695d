"""Scoring the extractor against gold corpora (NEREL events, factRuEval NER).

The event rule is the one the product is judged by:
- predicted `statement` events are left out (NEREL does not annotate reporting verbs);
- role classes: participant = agents ∪ participants ∪ organizers, place = places,
  time = times ∪ start_times ∪ end_times. Our `target` role is scored as a participant: NEREL
  files the affected party of an event ("убит Х") among its participants;
- a predicted event matches a gold one when their trigger spans overlap by at least one
  character, one-to-one, greedily by largest overlap first;
- within a matched pair a predicted argument is correct when an unused gold argument of the same
  role class overlaps it (each gold argument counts once); argument precision and recall are over
  all predicted and all gold arguments, so arguments of unmatched events count in full.
NER is exact span + type per PER / LOC / ORG.

`one_per_head` gives a second reading of the same gold, beside the rule above: NEREL nests events
in one mention ("выборах" in "парламентских выборах", four in "XXI Всероссийский Шукшинский
кинофестиваль"), while the extractor gives one event per word that names it; the gold events
sharing a head word count there as one.
"""
from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field, replace

ROLE_CLASS = {"participant": "participant", "target": "participant", "place": "place", "time": "time"}
GOLD_ROLE_CLASS = {
    "agents": "participant", "participants": "participant", "organizers": "participant",
    "places": "place", "times": "time", "start_times": "time", "end_times": "time",
}
ROLE_CLASSES = ("participant", "place", "time")
UNSCORED_TYPES = {"statement"}
NER_TYPES = ("PER", "LOC", "ORG")


@dataclass(frozen=True)
class Argument:
    role: str            # role class: participant | place | time
    start: int
    stop: int
    confidence: float | None = None   # a predicted argument's event_arguments.confidence


@dataclass(frozen=True)
class ScoredEvent:
    start: int           # trigger span
    stop: int
    arguments: tuple[Argument, ...] = ()


@dataclass
class Counts:
    predicted: int = 0
    gold: int = 0
    correct: int = 0     # predicted items that matched
    found: int = 0       # gold items that were matched

    def add(self, other: "Counts") -> None:
        self.predicted += other.predicted
        self.gold += other.gold
        self.correct += other.correct
        self.found += other.found

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {"predicted": self.predicted, "gold": self.gold, "correct": self.correct,
                "found": self.found, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


def overlap(a_start: int, a_stop: int, b_start: int, b_stop: int) -> int:
    return max(0, min(a_stop, b_stop) - max(a_start, b_start))


def greedy_match(predicted: list[tuple[int, int]], gold: list[tuple[int, int]],
                 compatible=lambda p, g: True) -> list[tuple[int, int]]:
    """One-to-one (predicted index, gold index) pairs of overlapping spans, largest overlap first."""
    candidates = []
    for pi, (ps, pe) in enumerate(predicted):
        for gi, (gs, ge) in enumerate(gold):
            size = overlap(ps, pe, gs, ge)
            if size > 0 and compatible(pi, gi):
                candidates.append((-size, pi, gi))
    used_p, used_g, pairs = set(), set(), []
    for _, pi, gi in sorted(candidates):
        if pi not in used_p and gi not in used_g:
            used_p.add(pi)
            used_g.add(gi)
            pairs.append((pi, gi))
    return pairs


def score_document(predicted: list[ScoredEvent], gold: list[ScoredEvent]) -> tuple[Counts, Counts]:
    """(trigger counts, argument counts) for one document."""
    pairs = greedy_match([(e.start, e.stop) for e in predicted], [(e.start, e.stop) for e in gold])
    triggers = Counts(predicted=len(predicted), gold=len(gold), correct=len(pairs), found=len(pairs))
    arguments = Counts(predicted=sum(len(e.arguments) for e in predicted),
                       gold=sum(len(e.arguments) for e in gold))
    for pi, gi in pairs:
        p_args, g_args = predicted[pi].arguments, gold[gi].arguments
        matched = greedy_match([(a.start, a.stop) for a in p_args], [(a.start, a.stop) for a in g_args],
                               lambda p, g: p_args[p].role == g_args[g].role)
        arguments.correct += len(matched)
        arguments.found += len(matched)
    return triggers, arguments


def score_events(documents: Iterable[tuple[list[ScoredEvent], list[ScoredEvent]]]) -> dict:
    triggers, arguments = Counts(), Counts()
    for predicted, gold in documents:
        doc_triggers, doc_arguments = score_document(predicted, gold)
        triggers.add(doc_triggers)
        arguments.add(doc_arguments)
    return {"triggers": triggers, "arguments": arguments}


def score_roles(documents: list[tuple[list[ScoredEvent], list[ScoredEvent]]]) -> dict[str, Counts]:
    """Argument counts of each role class alone: the same rule as score_events with every other
    role's arguments left out of both sides (events still match by trigger)."""
    def only(events: list[ScoredEvent], role: str) -> list[ScoredEvent]:
        return [replace(e, arguments=tuple(a for a in e.arguments if a.role == role)) for e in events]
    return {role: score_events((only(p, role), only(g, role)) for p, g in documents)["arguments"]
            for role in ROLE_CLASSES}


def gold_events(nerel_doc: dict) -> list[ScoredEvent]:
    """A NEREL document's events with their scored argument classes."""
    entities = {e["id"]: e for e in nerel_doc["entities"]}
    events = []
    for event in nerel_doc["events"]:
        arguments = []
        for key, role in GOLD_ROLE_CLASS.items():
            for entity_id in event.get(key) or []:
                entity = entities.get(entity_id)
                if entity is not None:
                    arguments.append(Argument(role, entity["start"], entity["stop"]))
        trigger = event["trigger"]
        events.append(ScoredEvent(trigger["start"], trigger["stop"], tuple(arguments)))
    return events


def one_per_head(gold: list[ScoredEvent], head_of: Callable[[int, int], Hashable | None]) -> list[ScoredEvent]:
    """Gold events whose triggers have the same syntactic head word (head_of(start, stop); None
    keeps an event apart) as one event: the union of their spans and of their arguments, in
    the order they come."""
    merged: dict = {}
    for index, event in enumerate(gold):
        head = head_of(event.start, event.stop)
        key = ("event", index) if head is None else ("head", head)
        kept = merged.get(key)
        merged[key] = event if kept is None else ScoredEvent(
            min(kept.start, event.start), max(kept.stop, event.stop),
            tuple(dict.fromkeys(kept.arguments + event.arguments)))
    return list(merged.values())


def predicted_events(events: list[dict], arguments: list[dict]) -> list[ScoredEvent]:
    """Our events in scoring form, statements left out."""
    by_event: dict[str, list[Argument]] = {}
    for argument in arguments:
        if argument["role"] not in ROLE_CLASS:
            continue            # an affiliation is no party: NEREL's roles have no counterpart
        by_event.setdefault(argument["event_id"], []).append(
            Argument(ROLE_CLASS[argument["role"]], argument["start"], argument["stop"], argument.get("confidence")))
    return [ScoredEvent(e["trigger_start"], e["trigger_stop"], tuple(by_event.get(e["event_id"], ())))
            for e in events if e["type"] not in UNSCORED_TYPES]


def matched_events(events: list[dict], predicted: list[ScoredEvent], gold: list[ScoredEvent]) -> list[tuple[dict, bool]]:
    """(event, matched a gold trigger) per scored event; `predicted` is predicted_events(events, ...)."""
    matched = {pi for pi, _ in greedy_match([(e.start, e.stop) for e in predicted], [(e.start, e.stop) for e in gold])}
    scored = [e for e in events if e["type"] not in UNSCORED_TYPES]
    return [(event, index in matched) for index, event in enumerate(scored)]


@dataclass
class NerScore:
    by_type: dict[str, Counts] = field(default_factory=lambda: {t: Counts() for t in NER_TYPES})

    def add(self, predicted: Iterable[tuple[str, int, int]], gold: Iterable[tuple[str, int, int]]) -> None:
        predicted, gold = set(predicted), set(gold)
        for entity_type in NER_TYPES:
            p = {x for x in predicted if x[0] == entity_type}
            g = {x for x in gold if x[0] == entity_type}
            hit = len(p & g)
            self.by_type[entity_type].add(Counts(len(p), len(g), hit, hit))

    @property
    def total(self) -> Counts:
        total = Counts()
        for counts in self.by_type.values():
            total.add(counts)
        return total


def gold_ner(factru_doc: dict) -> list[tuple[str, int, int]]:
    return [(n["type"], n["start"], n["stop"]) for n in factru_doc["ner"] if n["type"] in NER_TYPES]
