"""Events: typed triggers with their participants, targets, place and date.

Per sentence, triggers are found by lemma (tasks/lexicon/triggers.csv) and by head + dependent
patterns (tasks/lexicon/patterns.csv: "продлить арест", "телефонный разговор", "по телефону").
Arguments come from the dependency tree around the trigger and are kept only when they are
named-entity mentions (or dates), so every argument links to an entity or a date span:

- participant: subjects, objects and nominal modifiers of the trigger ("встреча Путина и
  Алиева"), expanded over conjunctions ("Путин и Алиев встретились"); a noun trigger that is an
  argument of a verb ("состоялся разговор", "продолжили ... по телефону") also takes the verb's
  subjects, as does a verb trigger without its own subject that is conjoined to one that has it;
- target: objects and passive subjects of conflict events (arrest, charge, attack, ...);
- place: LOC mentions under в/на in the trigger's clause;
- time: the date expression the event date comes from (see tasks/dates.py).

An event's date comes from its own sentence only: a date syntactically attached to the trigger
first, then the most precise, then the nearest. A sentence without a date expression gives no date.
"""
from __future__ import annotations

import csv
import functools
from collections import defaultdict
from dataclasses import dataclass

from natasha import Doc

from tasks.dates import PRECISION_RANK, ResolvedDate, article_dates
from tasks.entities import short_hash
from tasks.lexicon import NO_EVENT, Lexicon, load_lexicon
from tasks.nlp import Models
from tasks.settings import EVENT_TYPES_CSV

EVENT_COLUMNS = [
    "event_id", "article_id", "type", "quad_class", "trigger_start", "trigger_stop",
    "trigger_text", "trigger_lemma", "event_date", "date_precision", "sentence_index",
]
ARGUMENT_COLUMNS = ["event_id", "article_id", "role", "start", "stop", "text", "entity_id"]

CONFLICT_TARGET_TYPES = {"arrest", "charge", "attack", "sanction", "court_ruling", "sentence",
                         "military_action"}
PARTICIPANT_RELS = {"nsubj", "nsubj:pass", "obj", "iobj", "obl", "obl:agent", "nmod", "appos"}
TARGET_RELS = {"obj", "iobj", "nsubj:pass"}
SUBJECT_RELS = {"nsubj", "nsubj:pass"}
# Tokens that hang a name on its head word without changing who it is.
NAME_RELS = {"conj", "appos", "flat", "flat:name", "flat:foreign"}
PLACE_PREPOSITIONS = {"в", "во", "на"}
# Relations that open a new clause: a place or date below them belongs to another predicate.
CLAUSE_RELS = {"ccomp", "parataxis", "acl:relcl", "acl", "advcl", "csubj", "xcomp"}
# A verb below these relations is a clause of its own ("задержанным в Баку", "и встретились").
VERB_CLAUSE_RELS = {"conj", "amod"}
# A noun trigger that hangs on a verb by these relations lives in that verb's clause.
NOUN_TO_VERB_RELS = {"nsubj", "nsubj:pass", "obj", "obl", "conj", "iobj"}
# ... and shares the verb's subjects when it is not the subject itself ("провели переговоры").
SHARED_SUBJECT_RELS = {"obj", "obl", "conj", "iobj"}
# Below a noun trigger, names this deep in its nominal modifiers are still its participants
# ("встреча президентов России и Азербайджана Владимира Путина и Ильхама Алиева").
NMOD_DEPTH = 3
GENERIC_TYPES = {"ceremony", "other"}
MAX_TRIGGER_GAP = 3         # token positions between the first and last word of a trigger span
PRONOUN_GENDER = {"он": "Masc", "она": "Fem", "его": "Masc", "её": "Fem", "ее": "Fem"}
ANAPHORA_SENTENCES = 2
# A verb trigger without a subject under these relations takes its controller's subject
# ("решил уйти в отставку", "собирается посетить").
CONTROL_RELS = {"xcomp", "conj"}
CONTROL_DEPTH = 3


def load_event_types() -> list[dict]:
    """The taxonomy: one dict per type with type, quad_class, description."""
    with EVENT_TYPES_CSV.open(encoding="utf-8", newline="") as f:
        return [{"type": row["type"], "quad_class": row["quad_class"],
                 "description": row["description"]} for row in csv.DictReader(f)]


@functools.cache  # read once per process, not once per article
def quad_classes() -> dict[str, str]:
    return {row["type"]: row["quad_class"] for row in load_event_types()}


def event_id_for(article_id: str, trigger_start: int, trigger_stop: int, event_type: str) -> str:
    return short_hash(article_id, trigger_start, trigger_stop, event_type)


@dataclass
class Trigger:
    tokens: list              # natasha tokens, the first is the anchor (syntactic head)
    type: str

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


class SentenceTree:
    """Dependency tree of one sentence with parent/children lookups."""

    def __init__(self, sentence):
        self.tokens = sentence.tokens
        self.by_id = {t.id: t for t in self.tokens}
        self.children = defaultdict(list)
        for token in self.tokens:
            self.children[token.head_id].append(token)

    def head(self, token):
        return self.by_id.get(token.head_id)

    def kids(self, token, rels=None):
        return [c for c in self.children[token.id] if rels is None or c.rel in rels]

    def preposition(self, token) -> str | None:
        """The preposition of the phrase token is in ("в городе Триполи" for Триполи: "в")."""
        carrier, seen = token, set()
        while carrier.rel in NAME_RELS and carrier.id not in seen:
            seen.add(carrier.id)
            if self.kids(carrier, {"case"}):
                break
            head = self.head(carrier)
            if head is None:
                break
            carrier = head
        case = self.kids(carrier, {"case"})
        return case[0].text.lower() if case else None

    def phrase_rel(self, token) -> str:
        """token's relation, seen through conjunctions and appositions to the phrase head."""
        carrier, seen = token, set()
        while carrier.rel in NAME_RELS and carrier.id not in seen:
            seen.add(carrier.id)
            head = self.head(carrier)
            if head is None:
                break
            carrier = head
        return carrier.rel

    def expand(self, token) -> list:
        """The token with the tokens conjoined or in apposition to it ("Путин и Алиев")."""
        out, stack, seen = [], [token], set()
        while stack:
            current = stack.pop()
            if current.id in seen:
                continue
            seen.add(current.id)
            out.append(current)
            stack.extend(c for c in self.kids(current, NAME_RELS)
                         if c.pos in ("NOUN", "PROPN", "X") or current.pos not in ("NOUN", "PROPN"))
        return out

    def nominal_subtree(self, token, depth: int) -> list:
        """Tokens reached from token through nominal modifiers, names and conjuncts."""
        out, frontier = [token], [token]
        for _ in range(depth):
            frontier = [c for t in frontier for c in self.kids(t, NAME_RELS | {"nmod"})
                        if self.preposition(c) is None]
            out.extend(frontier)
        return out

    def clause(self, root) -> list:
        """Tokens under root that stay in root's clause."""
        out, stack, seen = [], [root], set()
        while stack:
            current = stack.pop()
            if current.id in seen:      # the parser can produce cycles
                continue
            seen.add(current.id)
            out.append(current)
            for child in self.kids(current):
                if child.rel in CLAUSE_RELS or (child.rel in VERB_CLAUSE_RELS and child.pos in ("VERB", "AUX")):
                    continue
                stack.append(child)
        return out

    def clause_root(self, token):
        """The token heading the clause that token belongs to."""
        current, seen = token, set()
        while True:
            seen.add(current.id)
            head = self.head(current)
            if head is None or head.id in seen or current.rel in CLAUSE_RELS or (
                    current.rel in VERB_CLAUSE_RELS and current.pos in ("VERB", "AUX")):
                return current
            current = head

    def predicate(self, anchor):
        """The verb whose clause holds the trigger: itself, or the verb a noun trigger hangs on."""
        if anchor.pos in ("VERB", "AUX"):
            return anchor
        head = self.head(anchor)
        if head is not None and head.pos in ("VERB", "AUX") and anchor.rel in NOUN_TO_VERB_RELS:
            return head
        return anchor


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


class MentionIndex:
    """Which NER mention a token lies in, and which person a third-person pronoun points to.

    A pronoun ("он", "её", possessive "его") stands for the latest person mentioned before it,
    within ANAPHORA_SENTENCES sentences, whose grammatical gender agrees when both are known.
    """

    def __init__(self, mentions: list[dict], sentence_index: int = 0,
                 people: list[tuple[dict, str | None]] = ()):
        self.mentions = sorted(mentions, key=lambda m: m["start"])
        self.sentence_index = sentence_index
        self.people = people

    def antecedent(self, token) -> dict | None:
        gender = PRONOUN_GENDER.get(token.lemma) if token.pos in ("PRON", "DET") else None
        return self.person_before(token.start, gender) if gender else None

    def person_before(self, position: int, gender: str) -> dict | None:
        for mention, mention_gender in reversed(self.people):
            if mention["stop"] > position:
                continue
            if mention["sentence_index"] < self.sentence_index - ANAPHORA_SENTENCES:
                return None
            if mention_gender in (None, gender):
                return mention
        return None

    def at(self, token) -> dict | None:
        for mention in self.mentions:
            if mention["start"] <= token.start and token.stop <= mention["stop"]:
                return mention
            if mention["start"] > token.start:
                break
        return None


def _argument_tokens(tree: SentenceTree, trigger: Trigger) -> list[tuple[object, str]]:
    """(token, relation to the event) for every dependent that may name a participant."""
    anchor = trigger.anchor
    trigger_ids = {t.id for t in trigger.tokens}
    found = []
    for token in trigger.tokens:
        for child in tree.kids(token, PARTICIPANT_RELS):
            if child.id not in trigger_ids:
                found.append((child, child.rel))
    if anchor.pos in ("NOUN", "PROPN"):
        found.extend((child, "nmod") for child in tree.kids(anchor, {"det"}) if child.lemma in PRONOUN_GENDER)
        for child in tree.kids(anchor, {"nmod"}):
            found.extend((t, "nmod") for t in tree.nominal_subtree(child, NMOD_DEPTH)
                         if t.id != child.id and t.pos == "PROPN")
    predicate = tree.predicate(anchor)
    if predicate is not anchor and predicate.id not in trigger_ids and anchor.rel in SHARED_SUBJECT_RELS:
        for child in tree.kids(predicate, SUBJECT_RELS | {"obl"}):
            if child.id not in trigger_ids and child.id != anchor.id and (
                    child.rel in SUBJECT_RELS or tree.preposition(child) == "с"):
                found.append((child, child.rel))
    if anchor.pos == "VERB" and not tree.kids(anchor, SUBJECT_RELS):
        # "прибыл в Душанбе и встретился с Алиевым", "решил уйти": the controller's subject.
        current = anchor
        for _ in range(CONTROL_DEPTH):
            head = tree.head(current) if current.rel in CONTROL_RELS else None
            if head is None or head.pos not in ("VERB", "AUX"):
                break
            subjects = tree.kids(head, SUBJECT_RELS)
            if subjects:
                found.extend((child, child.rel) for child in subjects)
                break
            current = head
    expanded = []
    for token, rel in found:
        expanded.extend((t, rel) for t in tree.expand(token))
    return expanded


def _entity_argument(event_id: str, article_id: str, role: str, mention: dict) -> dict:
    return {"event_id": event_id, "article_id": article_id, "role": role,
            "start": mention["start"], "stop": mention["stop"], "text": mention["text"],
            "entity_id": mention["entity_id"]}


def event_arguments(tree: SentenceTree, trigger: Trigger, mentions: MentionIndex,
                    event_id: str, article_id: str) -> list[dict]:
    arguments, seen = [], set()
    trigger_span = (trigger.start, trigger.stop)

    def add(role: str, mention: dict) -> None:
        key = (mention["start"], mention["stop"])
        if key in seen or (mention["start"] < trigger_span[1] and trigger_span[0] < mention["stop"]):
            return
        seen.add(key)
        arguments.append(_entity_argument(event_id, article_id, role, mention))

    # Places first, so that a located LOC mention is not also taken as a participant.
    predicate = tree.predicate(trigger.anchor)
    for root in {predicate.id: predicate, trigger.anchor.id: trigger.anchor}.values():
        for token in tree.clause(root):
            mention = mentions.at(token)
            if (mention is not None and mention["type"] == "LOC"
                    and tree.phrase_rel(token) in ("obl", "nmod")
                    and tree.preposition(token) in PLACE_PREPOSITIONS):
                add("place", mention)
    has_place = bool(arguments)
    organisations = []
    for token, rel in _argument_tokens(tree, trigger):
        mention = mentions.at(token) or mentions.antecedent(token)
        if mention is None:
            continue
        if rel in ("obl", "nmod") and tree.preposition(token) not in (None, "с", "между", "со"):
            continue                        # "в Пекине", "о встрече": not a participant
        role = "target" if trigger.type in CONFLICT_TARGET_TYPES and rel in TARGET_RELS else "participant"
        add(role, mention)
        if mention["type"] == "ORG":
            organisations.append(token)
    if not any(a["role"] in ("participant", "target") for a in arguments):
        # "Скончался в больнице." after the person was named: a singular past-tense or short
        # passive verb with no subject at all is about the person last mentioned, of its gender.
        anchor = trigger.anchor
        feats = anchor.feats or {}
        if (anchor.pos == "VERB" and not tree.kids(anchor, SUBJECT_RELS) and anchor.rel not in CONTROL_RELS
                and feats.get("Number") == "Sing" and feats.get("Gender") in ("Masc", "Fem")
                and (feats.get("VerbForm") == "Fin" or feats.get("Variant") == "Short")):
            mention = mentions.person_before(anchor.start, feats["Gender"])
            if mention is not None:
                passive = feats.get("Voice") == "Pass"
                add("target" if passive and trigger.type in CONFLICT_TARGET_TYPES else "participant", mention)
    if not has_place:
        # "суд Баку продлил арест": an organisation's city is where it acts.
        for token in organisations:
            for child in tree.kids(token, {"nmod"}):
                mention = mentions.at(child)
                if mention is not None and mention["type"] == "LOC" and tree.preposition(child) is None:
                    add("place", mention)
    return arguments


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


def people_with_gender(doc: Doc, mentions: list[dict]) -> list[tuple[dict, str | None]]:
    """PER mentions in text order with the grammatical gender of their first word."""
    first_tokens = {token.start: token for token in doc.tokens}
    people = []
    for mention in sorted(mentions, key=lambda m: m["start"]):
        if mention["type"] == "PER":
            token = first_tokens.get(mention["start"])
            people.append((mention, (token.feats or {}).get("Gender") if token is not None else None))
    return people


def extract_events(doc: Doc, article: dict, mentions: list[dict], models: Models):
    """Return (events, event_arguments, warnings) for one annotated article."""
    article_id = article["article_id"]
    lexicon = load_lexicon()
    classes = quad_classes()
    sentences = [(index, s.start, s.text) for index, s in enumerate(doc.sents)]
    resolved, failures = article_dates(sentences, models.dates_extractor, article.get("published_at"))
    warnings = [{"article_id": article_id, "stage": "dates", "sentence_index": index, "error": error}
                for index, error in failures]
    dates_by_sentence: dict[int, list[ResolvedDate]] = defaultdict(list)
    for date in resolved:
        dates_by_sentence[date.mention.sentence_index].append(date)
    mentions_by_sentence: dict[int, list[dict]] = defaultdict(list)
    for mention in mentions:
        mentions_by_sentence[mention["sentence_index"]].append(mention)
    people = people_with_gender(doc, mentions)

    events, arguments = [], []
    for index, sentence in enumerate(doc.sents):
        try:
            sentence_events, sentence_arguments = sentence_events_of(
                doc, sentence, index, article_id, lexicon, classes,
                MentionIndex(mentions_by_sentence[index], index, people), dates_by_sentence[index])
        except Exception as error:  # one unparsable sentence must not cost the article its events
            warnings.append({"article_id": article_id, "stage": "events", "sentence_index": index,
                             "error": repr(error)})
            continue
        events.extend(sentence_events)
        arguments.extend(sentence_arguments)
    return events, arguments, warnings


def sentence_events_of(doc: Doc, sentence, index: int, article_id: str, lexicon: Lexicon,
                       classes: dict[str, str], mentions: MentionIndex,
                       dates: list[ResolvedDate]) -> tuple[list[dict], list[dict]]:
    tree = SentenceTree(sentence)
    events, arguments = [], []
    for trigger in find_triggers(tree, lexicon):
        event_id = event_id_for(article_id, trigger.start, trigger.stop, trigger.type)
        date = choose_date(tree, trigger, dates)
        events.append({
            "event_id": event_id,
            "article_id": article_id,
            "type": trigger.type,
            "quad_class": classes[trigger.type],
            "trigger_start": trigger.start,
            "trigger_stop": trigger.stop,
            "trigger_text": doc.text[trigger.start:trigger.stop],
            "trigger_lemma": " ".join(t.lemma for t in sorted(trigger.span_tokens, key=lambda t: t.start)),
            "event_date": date.date if date else None,
            "date_precision": date.precision if date else None,
            "sentence_index": index,
        })
        arguments.extend(event_arguments(tree, trigger, mentions, event_id, article_id))
        if date is not None:
            arguments.append({"event_id": event_id, "article_id": article_id, "role": "time",
                              "start": date.mention.start, "stop": date.mention.stop,
                              "text": date.mention.text, "entity_id": None})
    return events, arguments
