"""Argument candidates beyond the named mentions of the trigger's sentence.

On NEREL train about a third of gold participants are no named mention of the trigger's
sentence (bench/argument_reach.py): profession and organisation nouns ("министр", "полиция",
"суд"), adjectives of a place ("российские военные"), and names in an earlier sentence that a
pronoun or a subject-less clause points to. Each candidate here is a mention-like dict (start,
stop, text, type, entity_id) with the token whose position in the tree gives its features and
a kind the role model sees:

- nominal: a noun of the trigger's neighbourhood that is no named mention; a title noun
  ("президент") resolves to the person the article gave that title (nominals.py), keeping
  that entity; a noun acting for a place ("сборная Бразилии", "Израильское правительство")
  takes that place's entity (place_of); else every noun phrase is kept with its text and no entity;
- adjective: an adjective modifying the trigger or one of its dependents ("московский суд");
- pronoun: "он", "она", "его", "её" resolved to the person before it (arguments.MentionIndex);
  the candidate is that person's mention, so it carries the entity;
- earlier: for a sentence naming no person or organisation, the last mention of each one named
  in the EARLIER_SENTENCES before it ("Иван Голунов задержан ... Обыск провели ночью").
"""
from __future__ import annotations

from dataclasses import dataclass

from tasks.nlp.countries import country_of_adjective, names_place
from tasks.nlp.events.nominals import nominal_argument, nominal_phrase, title_of
from tasks.nlp.events.tree import SentenceTree

# Relations of a noun's phrase to the tree that may make it a participant or place.
NOMINAL_RELS = {"nsubj", "nsubj:pass", "obj", "iobj", "obl", "obl:agent", "nmod", "appos", "conj"}
# Nouns further than this in the tree from the trigger (and its predicate) are rarely its arguments.
MAX_NOMINAL_PATH = 3
PRONOUN_LEMMAS = {"он", "она", "его", "её", "ее"}
# Parts of speech of the nominal, adjective and pronoun candidates (extra_candidates).
CANDIDATE_POS = {"NOUN", "PROPN", "ADJ", "PRON", "DET"}
SUBJECT_RELS = {"nsubj", "nsubj:pass"}
EARLIER_TYPES = {"PER", "ORG"}
EARLIER_SENTENCES = 3


@dataclass
class Candidate:
    mention: dict            # start, stop, text, type, entity_id
    head: object             # the token its features are read from
    tree: SentenceTree       # the tree holding head
    kind: str                # named | nominal | adjective | pronoun | earlier


def _distance(tree: SentenceTree, source, target, limit: int) -> int:
    """Tree distance between two tokens, limit + 1 when further."""
    from tasks.nlp.events.learned import path_length

    return path_length(tree, source, target, limit)


def _inside(token, mentions: list[dict]) -> bool:
    return any(m["start"] <= token.start and token.stop <= m["stop"] for m in mentions)


def _phrase_without_names(tree: SentenceTree, token, mentions: list[dict]) -> tuple[int, int]:
    """A noun's phrase cut before the first named mention in it ("полиция Москвы" -> "полиция"),
    so the name stays a candidate of its own."""
    start, stop = nominal_phrase(tree, token)
    for mention in mentions:
        if start < mention["start"] < stop:
            stop = min(stop, mention["start"])
    words = [t for t in tree.tokens if start <= t.start and t.stop <= stop and t.pos != "PUNCT"]
    return start, (words[-1].stop if words else token.stop)


def place_of(tree: SentenceTree, token, mentions: list[dict], people) -> dict | None:
    """The place a noun with no name acts for, when the text says it: a country or city in the
    genitive ("сборная Бразилии", "правительство Сербии", "полиция Москвы"; so too an
    organisation, "сотрудника ФСБ", though the candidate stays a plain noun to the model) or as an adjective
    naming a place the article names ("Израильское правительство", "сербские спецслужбы"), else a
    country (tasks/nlp/countries.py: "египетские полицейские", "американские военные").
    Its entity is the participant's (GDELT codes an actor by its country the same way)."""
    for child in tree.kids(token, {"nmod"}):
        if tree.preposition(child) is None and (child.feats or {}).get("Case") == "Gen":
            mention = next((m for m in mentions if m["type"] in ("LOC", "ORG") and m.get("entity_id")
                            and m["start"] <= child.start and child.stop <= m["stop"]), None)
            if mention is not None:
                return mention
    adjectives = [c.lemma for c in tree.kids(token, {"amod"}) if c.pos == "ADJ"]
    if adjectives:
        for sentence in sorted(people.mentions):
            for mention in people.mentions[sentence]:
                if mention["type"] == "LOC" and mention.get("entity_id") and any(
                        names_place(a, mention.get("normal") or mention["text"]) for a in adjectives):
                    return mention
        # a country the article does not name ("Египетские полицейские открыли огонь")
        for adjective in adjectives:
            country = country_of_adjective(adjective)
            if country is not None:
                return {"type": "LOC", "entity_id": country[0], "text": country[1], "normal": country[1]}
    return None


def has_subject(tree: SentenceTree, anchor) -> bool:
    """Whether the trigger's clause, or a clause governing it, names who acts."""
    predicate = tree.predicate(anchor)
    current = predicate
    for _ in range(3):
        if tree.kids(current, SUBJECT_RELS):
            return True
        head = tree.head(current)
        if head is None or current.rel not in ("xcomp", "conj", "advcl", "acl", "ccomp"):
            return False
        current = head
    return False


def extra_candidates(tree: SentenceTree, trigger, index, sentence_index: int | None = None) -> list[Candidate]:
    """Candidates of one trigger beyond its sentence's named mentions (index: a MentionIndex)."""
    anchor = trigger.anchor
    trigger_ids = {t.id for t in trigger.tokens}
    mentions = index.mentions
    people = index.people
    sentence_index = index.sentence_index if sentence_index is None else sentence_index
    predicate = tree.predicate(anchor)
    out: list[Candidate] = []
    seen: set[tuple[int, int]] = {(m["start"], m["stop"]) for m in mentions}

    def add(mention: dict, head, kind: str, in_tree: SentenceTree = tree) -> None:
        key = (mention["start"], mention["stop"])
        if key in seen or (mention["start"] < trigger.stop and trigger.start < mention["stop"]
                           and in_tree is tree):
            return
        seen.add(key)
        out.append(Candidate(mention, head, in_tree, kind))

    for token in tree.tokens:
        # only these parts of speech can be candidates below: the others need no tree distance
        if token.pos not in CANDIDATE_POS or token.id in trigger_ids or _inside(token, mentions):
            continue
        near = _distance(tree, anchor, token, MAX_NOMINAL_PATH)
        if near > MAX_NOMINAL_PATH and predicate is not anchor:   # a verb trigger is its own predicate
            near = _distance(tree, predicate, token, MAX_NOMINAL_PATH)
        if near > MAX_NOMINAL_PATH:
            continue
        if token.pos in ("NOUN", "PROPN") and tree.phrase_rel(token) in NOMINAL_RELS:
            nominal = nominal_argument(tree, token, people) if title_of(tree, token) else None
            if nominal is None:
                start, stop = _phrase_without_names(tree, token, mentions)
                place = place_of(tree, token, mentions, people)
                nominal = {"start": start, "stop": stop, "text": people.text[start:stop] or token.text,
                           "type": "NOM" if place is None or place["type"] != "LOC" else "NOM_LOC",
                           "entity_id": place["entity_id"] if place is not None else None}
            else:
                nominal = {**nominal, "type": "TITLE"}
            add(nominal, token, "nominal")
        elif token.pos == "ADJ" and token.rel == "amod":
            head = tree.head(token)
            if head is not None and (head.id == anchor.id or tree.head(head) is not None
                                     and tree.head(head).id in (anchor.id, predicate.id)):
                add({"start": token.start, "stop": token.stop, "text": token.text, "type": "ADJ",
                     "entity_id": None}, token, "adjective")
        elif token.pos in ("PRON", "DET") and token.lemma in PRONOUN_LEMMAS:
            mention = index.antecedent(token)
            if mention is not None:
                add(mention, token, "pronoun")
    if people.trees and not any(m["type"] in EARLIER_TYPES for m in mentions):
        # A name of an earlier sentence, for a sentence naming no person or organisation: on NEREL train most participants outside the trigger's
        # sentence are the last mention, before the trigger, of a person or organisation named
        # up to EARLIER_SENTENCES before; the model weighs how far and how central it is.
        from tasks.nlp.events.learned import head_token, mention_tokens_of

        latest: dict[str, tuple[int, dict]] = {}
        for back in range(EARLIER_SENTENCES, 0, -1):
            for mention in people.mentions.get(sentence_index - back, []):
                if mention["type"] in EARLIER_TYPES and mention.get("entity_id") is not None:
                    latest[mention["entity_id"]] = (sentence_index - back, mention)
        for where, mention in sorted(latest.values(), key=lambda item: item[1]["start"]):
            earlier = people.trees[where]
            tokens = mention_tokens_of(earlier, [mention]).get((mention["start"], mention["stop"]))
            if tokens:
                add(mention, head_token(tokens, earlier), "earlier", earlier)
    return out
