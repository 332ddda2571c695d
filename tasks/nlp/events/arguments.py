"""Arguments of an event: who took part, who was targeted, where, from the dependency tree.

Arguments are named-entity mentions, or person nouns standing for one (nominals.py):

- participant: subjects, objects and nominal modifiers of the trigger ("встреча Путина и
  Алиева"), expanded over conjunctions ("Путин и Алиев встретились"); a noun trigger that is an
  argument of a verb ("состоялся разговор", "продолжили ... по телефону") also takes the verb's
  subjects, as does a verb trigger without its own subject that is conjoined to one that has it;
  a pronoun stands for the person before it; a title noun ("президент", "глава МИД") for the
  person the article gave that title, else it is kept with its text and no entity (subjects and
  objects only); a LOC mention in the genitive ("чемпионат России") is not a participant;
  a reliable trigger (nominals.reliable) left with no one takes the PER and ORG mentions of its
  clause;
- target: objects and passive subjects of conflict events (arrest, charge, attack, ...);
- place: LOC mentions under в/на in the trigger's clause.
"""
from __future__ import annotations

from tasks.nlp.events.nominals import ArticlePeople, nominal_argument, reliable
from tasks.nlp.events.tree import SentenceTree
from tasks.nlp.events.triggers import Trigger

CONFLICT_TARGET_TYPES = {"arrest", "charge", "attack", "sanction", "court_ruling", "sentence",
                         "military_action"}
PARTICIPANT_RELS = {"nsubj", "nsubj:pass", "obj", "iobj", "obl", "obl:agent", "nmod", "appos"}
TARGET_RELS = {"obj", "iobj", "nsubj:pass"}
SUBJECT_RELS = {"nsubj", "nsubj:pass"}
PLACE_PREPOSITIONS = {"в", "во", "на"}
# ... a noun trigger shares the verb's subjects when it is not the subject itself ("провели переговоры").
SHARED_SUBJECT_RELS = {"obj", "obl", "conj", "iobj"}
# Below a noun trigger, names this deep in its nominal modifiers are still its participants
# ("встреча президентов России и Азербайджана Владимира Путина и Ильхама Алиева").
NMOD_DEPTH = 3
PRONOUN_GENDER = {"он": "Masc", "она": "Fem", "его": "Masc", "её": "Fem", "ее": "Fem"}
ANAPHORA_SENTENCES = 2
# A verb trigger without a subject under these relations takes its controller's subject
# ("решил уйти в отставку", "собирается посетить").
CONTROL_RELS = {"xcomp", "conj"}
CONTROL_DEPTH = 3
# Mentions of a reliable trigger's clause taken as participants when nothing else links one.
CLAUSE_ACTOR_TYPES = {"PER", "ORG"}


class MentionIndex:
    """Which NER mention a token lies in, and which person a third-person pronoun points to.

    A pronoun ("он", "её", possessive "его") stands for the latest person mentioned before it,
    within ANAPHORA_SENTENCES sentences, whose grammatical gender agrees when both are known.
    """

    def __init__(self, mentions: list[dict], sentence_index: int = 0,
                 people: ArticlePeople | None = None):
        self.mentions = sorted(mentions, key=lambda m: m["start"])
        self.sentence_index = sentence_index
        self.people = people if people is not None else ArticlePeople([], "")

    def antecedent(self, token) -> dict | None:
        gender = PRONOUN_GENDER.get(token.lemma) if token.pos in ("PRON", "DET") else None
        return self.person_before(token.start, gender) if gender else None

    def person_before(self, position: int, gender: str) -> dict | None:
        for person in reversed(self.people.people):
            mention = person.mention
            if mention["stop"] > position:
                continue
            if mention["sentence_index"] < self.sentence_index - ANAPHORA_SENTENCES:
                return None
            if person.gender in (None, gender):
                return mention
        return None

    def nominal(self, tree: SentenceTree, token) -> dict | None:
        """A person noun ("президент", "глава МИД") as a participant (nominals.py)."""
        return nominal_argument(tree, token, self.people)

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
    beyond = reliable(trigger)
    for token, rel in _argument_tokens(tree, trigger):
        mention = mentions.at(token) or mentions.antecedent(token)
        if mention is None and beyond:
            # "президент заявил": a title noun, resolved to a name where the text supports it.
            mention = mentions.nominal(tree, token)
            if mention is not None and mention["entity_id"] is None and rel in ("nmod", "obl"):
                mention = None              # "выборы генсека": an unnamed noun here is rarely a participant
        if mention is None:
            continue
        if mention["type"] == "LOC" and rel in ("nmod", "obl") and tree.preposition(token) is None:
            continue                        # "чемпионат России", "президент США": a country there is rarely one
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
    if beyond and not any(a["role"] in ("participant", "target") for a in arguments):
        # "Мэрион Джонс, завоевавшая медали на Олимпиаде": when the tree links no one to a
        # reliable trigger, the people and organisations of its clause took part.
        for root in {predicate.id: predicate, trigger.anchor.id: trigger.anchor}.values():
            for token in tree.clause(root):
                mention = mentions.at(token)
                if (mention is not None and mention["type"] in CLAUSE_ACTOR_TYPES
                        and tree.preposition(token) in (None, "с", "со", "между")):
                    add("participant", mention)
    if not has_place:
        # "суд Баку продлил арест": an organisation's city is where it acts.
        for token in organisations:
            for child in tree.kids(token, {"nmod"}):
                mention = mentions.at(child)
                if mention is not None and mention["type"] == "LOC" and tree.preposition(child) is None:
                    add("place", mention)
    return arguments
