"""Learned event extraction: a trigger model and an argument-role model over Natasha's parse.

Both are LightGBM models trained on NEREL train (flows/maintain/train_events.py) and stored as one
JSON file each in tasks/nlp/events/models/: the booster text, the vocabularies of the categorical
features and the decision thresholds chosen on NEREL dev.

- Triggers: every noun, proper noun and verb of a sentence is a candidate. Features: lemma, POS,
  morphology, dependency relation and head, children relations, entity mentions below it, the
  lexicon's hit and type, the rules' decision (tasks/nlp/events/triggers.py), position, the
  neighbouring words, how often the lemma occurs in the article, the navec vector of the
  lemma, and the marginals of a CRFsuite sequence labeller over the sentence (stored in the
  same file; one pass per sentence). The event TYPE stays the taxonomy's: the rule trigger's type when
  the rules found the token, else the lexicon's type of the lemma, else the type of the nearest
  lexicon lemma in navec space.
- Arguments: every entity mention of the trigger's sentence is a candidate for the trigger, and
  so are the nouns, adjectives, pronouns and earlier sentences' names of candidates.py, and the
  time spans of its sentence (timing.time_spans); classes participant / place / time / none. Features: the dependency path between trigger and the
  candidate's head word, distance, mention type, case and preposition of its head word, trigger
  lemma and type, the rules' decision (tasks/nlp/events/arguments.py), the kind of candidate and
  how central its entity is to the article, and a person's or organisation's rank among the
  trigger's candidates of those types (actor_ranks). An event left with no participant takes its
  likeliest named actor when the model scores it at least a floor (best_actor).
"""
from __future__ import annotations

import base64
import functools
import hashlib
import json
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from tasks.nlp.events.crf import ChainWeights, marginals
from tasks.nlp.events.lexicon import NO_EVENT, Lexicon
from tasks.nlp.events.tree import SentenceTree, head_token
from tasks.nlp.events.triggers import STATEMENT, Trigger, is_pattern
from tasks.nlp.models import ModelFileError

# KHRONIKA_EVENT_MODELS points the extractor at another folder of model files (tests, trials).
MODELS_DIR = Path(os.environ.get("KHRONIKA_EVENT_MODELS") or Path(__file__).resolve().parent / "models")
FORMAT = 1

CANDIDATE_POS = {"NOUN", "VERB", "PROPN"}
MORPH_FEATS = ("Aspect", "VerbForm", "Voice", "Tense", "Case", "Number", "Animacy", "Mood")
EMBEDDING_DIM = 300
# "time" candidates are the date expressions and time words of the trigger's sentence
# (timing.time_spans); a model file without the class leaves times to the rules.
ARGUMENT_ROLES = ("none", "participant", "place", "time")
MAX_PATH = 6                 # dependency steps kept in a path feature; longer paths are one value
# Below this cosine the nearest lexicon lemma is another kind of event ("мероприятие" -> "шествие"
# 0.50, "свидание" -> "бракосочетание" 0.32), while "поездка" -> "визит" 0.57 and "путч" ->
# "переворот" 0.51 keep their neighbour's type.
NEAREST_TYPE_COSINE = 0.5
# Extraction also asks the nearest type to beat the nearest lemma of any other type by this much:
# "инцидент" lies as near "взрыв" (attack, 0.58) as "происшествие" (accident, 0.57), "вернуться"
# near "покинуть" (resignation, 0.61) and "уехать" (other, 0.58); a near tie is no evidence of
# either type, and "other" is better than a wrong one. (Training keeps the margin 0 the committed
# models were built with: the argument model reads the trigger's type.)
NEAREST_TYPE_MARGIN = 0.03


# --- features ---------------------------------------------------------------------------------

def _position(token) -> int:
    return int(token.id.rsplit("_", 1)[1])


def _ancestors(tree: SentenceTree, token) -> list:
    return tree.ancestors(token)


def path_length(tree: SentenceTree, source, target, limit: int | None = None) -> int:
    """The length of dependency_path(tree, source, target), without building the path; given a
    limit, at most limit + 1, and only the source's first limit + 1 heads are walked (no shorter
    path can start above them)."""
    down_ids = tree.ancestor_index(target)
    up = tree.ancestors(source)
    for i, token in enumerate(up if limit is None else up[:limit + 1]):
        j = down_ids.get(token.id)
        if j is not None:
            return i + j if limit is None else min(i + j, limit + 1)
    return 99 if limit is None else limit + 1


def dependency_path(tree: SentenceTree, source, target) -> tuple[str, int]:
    """Relations up from source to the common ancestor, then down to target ("^nsubj" / "vobl")."""
    up, down = tree.ancestors(source), tree.ancestors(target)
    down_ids = tree.ancestor_index(target)
    for i, token in enumerate(up):
        if token.id in down_ids:
            j = down_ids[token.id]
            steps = [f"^{t.rel}" for t in up[:i]] + [f"v{t.rel}" for t in reversed(down[:j])]
            length = len(steps)
            return (" ".join(steps) if length <= MAX_PATH else "long"), length
    return "none", 99


def trigger_features(tree: SentenceTree, token, mention_tokens: dict, rule_type: str | None,
                     lexicon: Lexicon) -> dict:
    feats = token.feats or {}
    head = tree.head(token)
    kids = tree.kids(token)
    kid_rels = {k.rel for k in kids}
    kid_mentions = [mention_tokens[k.id] for k in kids if k.id in mention_tokens]
    position = _position(token)
    row = {
        "lemma": token.lemma, "pos": token.pos, "rel": token.rel,
        "head_lemma": head.lemma if head is not None else "<root>",
        "head_pos": head.pos if head is not None else "<root>",
        "lexicon_type": lexicon.triggers.get(token.lemma, "<none>"),
        "rule_type": rule_type or "<none>",
        "preposition": tree.preposition(token) or "<none>",
        "in_mention": float(token.id in mention_tokens),
        "kid_mention_PER": float("PER" in kid_mentions),
        "kid_mention_ORG": float("ORG" in kid_mentions),
        "kid_mention_LOC": float("LOC" in kid_mentions),
        "kids": float(len(kids)),
        "position": float(position),
        "relative_position": position / max(1, len(tree.tokens)),
        "sentence_length": float(len(tree.tokens)),
        "capitalised": float(token.text[:1].isupper()),
        "head_is_rule": 0.0,
    }
    for rel, column in KID_COLUMNS:
        row[column] = float(rel in kid_rels)
    for name, column in MORPH_COLUMNS:
        row[column] = feats.get(name, "<none>")
    row.update(context_features(tree, token))
    return row


# (relation or feature, its column): the names built once, not for each candidate
KID_COLUMNS = tuple((rel, f"kid_{rel}") for rel in ("nsubj", "nsubj:pass", "obj", "obl", "nmod", "amod", "case",
                                                    "aux", "advmod", "xcomp"))
MORPH_COLUMNS = tuple((name, f"m_{name}") for name in MORPH_FEATS)


# Suffixes of nouns named after an action or a state ("задержание", "демонстрация", "убийство"):
# the usual shape of a nominal event trigger.
DEVERBAL_SUFFIXES = ("ение", "ание", "тие", "ция", "ство", "ка", "ж", "ок")
CONTEXT = (-2, -1, 1, 2)     # neighbours whose POS and lemma rate describe a candidate
CONTEXT_COLUMNS = tuple((offset, f"pos_{offset:+d}", f"lemma_{offset:+d}") for offset in CONTEXT)


def context_features(tree: SentenceTree, token) -> dict:
    """The words around a candidate (a trigger's neighbours are its arguments and modifiers)."""
    position = tree.position(token)
    row = {"lemma_pos": f"{token.lemma}\t{token.pos}"}
    tokens = tree.tokens
    for offset, pos_column, lemma_column in CONTEXT_COLUMNS:
        i = position + offset
        if 0 <= i < len(tokens):
            row[pos_column], row[lemma_column] = tokens[i].pos, tokens[i].lemma
        else:
            row[pos_column] = row[lemma_column] = "<edge>"
    row["suffix"] = next((s for s in DEVERBAL_SUFFIXES if token.pos == "NOUN" and token.lemma.endswith(s)), "<none>")
    return row


# --- trigger sequence labeller (CRFsuite) -------------------------------------------------------
# A linear-chain CRF over all the words of a sentence, labels H (head of a trigger), I (another
# word of a trigger span) and O; its marginals (SEQUENCE_FEATURES) are features of the trigger
# booster. Unlike the booster, it weighs every lemma and lemma pair on its own (the booster sees
# lemmas only through their rates), and its transitions see the neighbours' labels.
SEQUENCE_HEAD = "H"
SEQUENCE_MORPH = ("Aspect", "VerbForm", "Voice", "Case", "Number", "Animacy", "Tense", "Mood")
SEQUENCE_FEATURES = ("sequence_head", "sequence_inside", "sequence_head_up")   # booster columns it adds
SEQUENCE_KID_RELS = frozenset(("obj", "nmod", "obl", "amod", "nsubj", "nsubj:pass", "xcomp", "det", "nummod",
                               "advmod", "aux:pass"))


# The templates every token has, in the order of its attributes: its own and its head's, then its
# neighbours' (-2 and +2 by their POS, -1 and +1 by POS and lemma). A pair's value is two fields
# joined by "|" ("lp=встреча|NOUN").
SEQUENCE_OWN = ("l", "p", "r", "lp", "s3", "s4", "lex", "rule", "prep", "hl", "hp", "rhp", "lr", "hr", "lhl")
SEQUENCE_NEAR = ("-2p", "-1p", "-1l", "+1p", "+1l", "+2p")
SEQUENCE_EVERY = SEQUENCE_OWN + SEQUENCE_NEAR
SEQUENCE_BARE = {"bias", "cap"}          # no value
SEQUENCE_PAIRS = {"lp", "rhp", "lr", "lhl", "-1l|l", "l|+1l", "k"}
SEQUENCE_SINGLE = (set(SEQUENCE_EVERY) | {f"m{name}" for name in SEQUENCE_MORPH}) - SEQUENCE_PAIRS


def sequence_values(tree: SentenceTree, owner: dict, lexicon: Lexicon) -> list[tuple]:
    """Each token's values of SEQUENCE_EVERY's templates, a pair's as a tuple (owner: token id ->
    rule trigger). sequence_features spells them as CRFsuite attributes; extraction looks them up
    as they are (sequence_state_scores)."""
    tokens = tree.tokens
    lemmas = [t.lemma for t in tokens]
    poses = [t.pos for t in tokens]
    edge = ["<edge>"]
    count = len(tokens)
    near = zip((edge * 2 + poses)[:count], (edge + poses)[:count], (edge + lemmas)[:count],
               poses[1:] + edge, lemmas[1:] + edge, (poses + edge * 2)[2:])
    lexicon_types, by_id, out = lexicon.triggers, tree.by_id, []
    for token, lemma, pos, neighbours in zip(tokens, lemmas, poses, near):
        rel = token.rel
        head = by_id.get(token.head_id)
        if head is None:
            head_lemma = head_pos = head_rel = "<root>"
        else:
            head_lemma, head_pos, head_rel = head.lemma, head.pos, head.rel
        rule = owner.get(token.id)
        word = token.text.lower()
        out.append((lemma, pos, rel, (lemma, pos), word[-3:], word[-4:], lexicon_types.get(lemma, "-"),
                    rule.type if rule else "-", tree.preposition(token) or "-", head_lemma, head_pos,
                    (rel, head_pos), (lemma, rel), head_rel, (lemma, head_lemma), *neighbours))
    return out


def sequence_features(tree: SentenceTree, owner: dict, lexicon: Lexicon) -> list[list[str]]:
    """Each token's CRFsuite attributes: its words, tags and tree, its neighbours', the lexicon's
    and the rules' decision (owner: token id -> rule trigger)."""
    tokens = tree.tokens
    last = len(tokens) - 1
    own = len(SEQUENCE_OWN)
    out = []
    for i, (token, values) in enumerate(zip(tokens, sequence_values(tree, owner, lexicon))):
        spelled = [f"{name}={value}" if type(value) is str else f"{name}={value[0]}|{value[1]}"
                   for name, value in zip(SEQUENCE_EVERY, values)]
        row = ["bias", *spelled[:own]]
        if token.text[:1].isupper():
            row.append("cap")
        feats = token.feats
        if feats:
            row.extend(f"m{name}={feats[name]}" for name in SEQUENCE_MORPH if name in feats)
        row.extend(spelled[own:])
        if i > 0:
            row.append(f"-1l|l={tokens[i - 1].lemma}|{token.lemma}")
        if i < last:
            row.append(f"l|+1l={token.lemma}|{tokens[i + 1].lemma}")
        for kid in tree.kids(token, SEQUENCE_KID_RELS):
            row.append(f"k={kid.rel}|{kid.lemma}")
        out.append(row)
    return out


def sequence_tables(attributes: dict[str, int]) -> dict[str, dict] | None:
    """The CRF's attribute rows (attribute string -> row) filed by template and value, or None when
    an attribute is of no template sequence_features builds. A pair's value is filed under each
    way to cut it at a "|" (a lemma may hold one): every cut spells the same string."""
    tables: dict[str, dict] = {name: {} for name in SEQUENCE_BARE | SEQUENCE_SINGLE | SEQUENCE_PAIRS}
    for attribute, row in attributes.items():
        name, equals, value = attribute.partition("=")
        if not equals:
            if name not in SEQUENCE_BARE:
                return None
            tables[name][None] = row
        elif name in SEQUENCE_SINGLE:
            tables[name][value] = row
        elif name in SEQUENCE_PAIRS:
            parts = value.split("|")
            for cut in range(1, len(parts)):
                tables[name]["|".join(parts[:cut]), "|".join(parts[cut:])] = row
        else:
            return None
    return tables


def sequence_state_scores(tree: SentenceTree, owner: dict, lexicon: Lexicon, tables: dict[str, dict],
                          state: np.ndarray) -> np.ndarray:
    """Each token's CRF state scores (tokens x labels): the summed rows of `state` (attributes x
    labels, its last row zeros) of the attributes sequence_features gives the token, found by
    value (sequence_tables) instead of by a string built for each."""
    tokens = tree.tokens
    if not tokens:
        return np.zeros((0, state.shape[1]))
    unknown = len(state) - 1
    last = len(tokens) - 1
    every = tuple(tables[name] for name in SEQUENCE_EVERY)
    misses = (unknown,) * len(every)
    get, children = dict.get, tree.children
    bias = tables["bias"].get(None, unknown)
    cap = tables["cap"].get(None)
    morph = [(name, tables[f"m{name}"]) for name in SEQUENCE_MORPH]
    previous_pair, next_pair, kid_pair = tables["-1l|l"], tables["l|+1l"], tables["k"]
    rows, starts = [], []
    for i, (token, values) in enumerate(zip(tokens, sequence_values(tree, owner, lexicon))):
        starts.append(len(rows))
        rows.append(bias)       # every token has a row first, so no token's rows are empty
        rows.extend(map(get, every, values, misses))
        if cap is not None and token.text[:1].isupper():
            rows.append(cap)
        feats = token.feats
        if feats:
            rows.extend([table.get(feats[name], unknown) for name, table in morph if name in feats])
        if i > 0:
            rows.append(previous_pair.get((tokens[i - 1].lemma, token.lemma), unknown))
        if i < last:
            rows.append(next_pair.get((token.lemma, tokens[i + 1].lemma), unknown))
        for kid in children.get(token.id, ()):
            if kid.rel in SEQUENCE_KID_RELS:
                rows.append(kid_pair.get((kid.rel, kid.lemma), unknown))
    return np.add.reduceat(state[rows], starts)


class SequenceTagger:
    """A CRFsuite tagger read from bytes. CRFsuite reads the model in place, so the bytes live as
    long as the tagger (a freed buffer would give garbage labels). Extraction reads the marginals
    from the same weights through `chain` (tasks/nlp/events/crf.py)."""

    def __init__(self, data: bytes):
        import pycrfsuite

        self.data = bytes(data)
        self.tagger = pycrfsuite.Tagger()
        self.tagger.open_inmemory(self.data)
        self.labels = set(self.tagger.labels())
        # read now, so that a damaged file fails where the model is loaded, not in each article
        self.chain = weight_tables(ChainWeights(self.data))


def weight_tables(weights: ChainWeights) -> tuple[ChainWeights, dict[str, dict]] | None:
    """The CRF's weights and their tables by template; None unless its labels are H, I and O and
    its attributes all of sequence_features' templates (then CRFsuite scores the strings)."""
    if sorted(weights.labels) != ["H", "I", "O"]:
        return None
    tables = sequence_tables(weights.attributes)
    return None if tables is None else (weights, tables)


def sequence_tagger(data: bytes) -> SequenceTagger:
    return SequenceTagger(data)


def sequence_scores(model: SequenceTagger | None, features: list[list[str]],
                    positions: set[int] | None = None) -> list[tuple[float, float]]:
    """(P(H), P(I)) of each token of one sentence (one forward-backward pass); with `positions`,
    only those tokens' are read (the others are (0.0, 0.0))."""
    if not features or model is None or SEQUENCE_HEAD not in model.labels:
        return [(0.0, 0.0)] * len(features)   # a model trained on data without a trigger
    tagger = model.tagger
    tagger.set(features)
    inside = "I" in model.labels
    return [(tagger.marginal(SEQUENCE_HEAD, i), tagger.marginal("I", i) if inside else 0.0)
            if positions is None or i in positions else (0.0, 0.0) for i in range(len(features))]


def chain_scores(weights: ChainWeights, tables: dict[str, dict], tree: SentenceTree, owner: dict,
                 lexicon: Lexicon, positions) -> dict[int, tuple[float, float]]:
    """sequence_scores of the tokens at positions, from the weights (crf.py) instead of CRFsuite."""
    scores = sequence_state_scores(tree, owner, lexicon, tables, weights.state)
    head, inside = weights.labels.index(SEQUENCE_HEAD), weights.labels.index("I")
    return {i: (p[head], p[inside]) for i, p in marginals(scores, weights.transition, positions).items()}


def sequence_row(tree: SentenceTree, token, scores: dict) -> dict:
    """The sequence features of one candidate: its P(H) and P(I), and its syntactic head's P(H)
    (a dependent of a likely trigger is often the rest of its span, "принять участие")."""
    head = tree.head(token)
    return {"sequence_head": scores[token.id][0], "sequence_inside": scores[token.id][1],
            "sequence_head_up": scores[head.id][0] if head is not None else 0.0}


def with_sequence_scores(model: LearnedModel, tree: SentenceTree, tokens: list, rows: list[dict],
                         owner: dict, lexicon: Lexicon) -> None:
    """Adds the CRF's marginals to the candidates' rows when the trigger model was trained with it."""
    if model.sequence is None or not rows:
        return
    # Only the candidates' marginals and their heads' are read.
    needed = {tree.position(t) for t in tokens}
    needed.update(tree.position(head) for head in (tree.head(t) for t in tokens) if head is not None)
    chain = model.sequence.chain
    if chain is None:
        scores = dict(zip((t.id for t in tree.tokens),
                          sequence_scores(model.sequence, sequence_features(tree, owner, lexicon), needed)))
    else:
        scores = {tree.tokens[i].id: pair for i, pair in chain_scores(*chain, tree, owner, lexicon, needed).items()}
    for token, row in zip(tokens, rows):
        row.update(sequence_row(tree, token, scores))


TRIGGER_CATEGORICAL = ("lemma", "pos", "rel", "head_lemma", "head_pos", "lexicon_type", "rule_type",
                       "preposition", *(f"m_{name}" for name in MORPH_FEATS),
                       *(f"pos_{offset:+d}" for offset in CONTEXT), "suffix")


def argument_features(tree: SentenceTree, trigger: Trigger, mention: dict, mention_head,
                      rule_role: str | None, kind: str = "named", head_tree: SentenceTree | None = None,
                      subjectless: bool = False, people=None, sentences_back: int = 0,
                      local_actors: int = 0) -> dict:
    """Features of one (trigger, candidate) pair; head_tree is the tree of the candidate's head
    token when it lies in another sentence (candidates.py, kind "previous")."""
    anchor = trigger.anchor
    predicate = tree.predicate(anchor)
    feats = mention_head.feats or {}
    if head_tree is None or head_tree is tree:
        path, length = dependency_path(tree, anchor, mention_head)
        # a verb trigger is its own predicate: the same path
        path_pred, length_pred = (path, length) if predicate is anchor else \
            dependency_path(tree, predicate, mention_head)
        distance = _position(mention_head) - _position(anchor)
        same_clause = float(tree.clause_root(mention_head).id == tree.clause_root(anchor).id)
        rel_tree = tree
    else:
        path, length, path_pred, length_pred = "earlier", 99, "earlier", 99
        distance = _position(mention_head) - len(head_tree.tokens) - _position(anchor)
        same_clause, rel_tree = 0.0, head_tree
    named = kind in ("named", "pronoun", "earlier")
    entity = mention.get("entity_id")
    phrase_path, phrase_length, governing = path, length, 0.0
    if head_tree is None or head_tree is tree:
        phrase_path, phrase_length, governing = _phrase_features(tree, anchor, mention_head, (path, length))
    return {
        "path": path, "path_length": float(length),
        "path_predicate": path_pred, "path_predicate_length": float(length_pred),
        "distance": float(distance), "abs_distance": float(abs(distance)),
        "mention_type": mention["type"], "trigger_lemma": anchor.lemma, "trigger_pos": anchor.pos,
        "trigger_type": trigger.type, "case": feats.get("Case", "<none>"),
        "head_rel": mention_head.rel, "phrase_rel": rel_tree.phrase_rel(mention_head),
        "preposition": rel_tree.preposition(mention_head) or "<none>",
        "rule_role": rule_role or "<none>",
        "same_clause": same_clause,
        "sentence_length": float(len(tree.tokens)),
        # What kind of candidate (candidates.py) and, for nouns, which one ("полиция", "суд").
        "kind": kind,
        "candidate_lemma": "<named>" if named else mention_head.lemma,
        "animacy": feats.get("Animacy", "<none>"),
        "resolved": float(mention.get("entity_id") is not None),
        "subjectless": float(subjectless),
        "sentences_back": float(sentences_back),
        "entity_mentions": float(people.entity_counts.get(entity, 0)) if people is not None and entity else 0.0,
        "entity_top": float(people is not None and entity in people.top_entities),
        "local_actors": float(local_actors),      # PER / ORG mentions in the trigger's sentence
        # to the head of the candidate's phrase ("Х и Y", "супругой, Еленой Малашенко"), and
        # whether that phrase is the subject of a verb the trigger hangs below ("Х объявил о
        # подписании соглашения")
        "path_phrase": phrase_path, "path_phrase_length": float(phrase_length),
        "governing_subject": governing,
    }


PHRASE_RELS = ("conj", "appos", "flat", "flat:name", "flat:foreign")
GOVERNING_DEPTH = 4          # verbs this far above the trigger still govern it


def _phrase_features(tree: SentenceTree, anchor, token, direct: tuple[str, int] | None = None) -> tuple[str, int, float]:
    """(path and length to the head of token's phrase, whether that phrase is the subject of a verb
    above the trigger); direct: dependency_path(tree, anchor, token) when the caller has it."""
    carrier, steps = token, 0
    while carrier.rel in PHRASE_RELS and steps < MAX_PATH:
        head = tree.head(carrier)
        if head is None:
            break
        carrier, steps = head, steps + 1
    path, length = dependency_path(tree, anchor, carrier) if carrier is not token else (None, None)
    governing, current = 0.0, anchor
    if carrier.rel in ("nsubj", "nsubj:pass"):
        verb = tree.head(carrier)
        for _ in range(GOVERNING_DEPTH):
            current = tree.head(current)
            if current is None:
                break
            if verb is not None and current.id == verb.id:
                governing = 1.0
                break
    if path is None:
        path, length = direct if direct is not None else dependency_path(tree, anchor, token)
    return path, length, governing


ARGUMENT_CATEGORICAL = ("path", "path_predicate", "path_phrase", "mention_type", "trigger_lemma", "trigger_pos",
                        "trigger_type", "case", "head_rel", "phrase_rel", "preposition", "rule_role",
                        "kind", "candidate_lemma", "animacy")


def mention_tokens_of(tree: SentenceTree, mentions: list[dict]) -> dict[str, list]:
    """Sentence tokens per mention (start, stop), in text order."""
    out = {}
    for mention in mentions:
        tokens = [t for t in tree.tokens if mention["start"] <= t.start and t.stop <= mention["stop"]]
        if tokens:
            out[(mention["start"], mention["stop"])] = tokens
    return out


# --- models -----------------------------------------------------------------------------------

@dataclass
class LearnedModel:
    """One LightGBM booster with the encoding of its features."""
    path: Path
    sha256: str
    features: list[str]                      # feature columns before the embedding columns
    categorical: list[str]
    vocab: dict[str, dict[str, int]]
    classes: list[str]
    thresholds: dict[str, float]
    embedding: bool                          # whether the navec vector of "lemma" follows
    booster: object = field(repr=False)
    rates: dict[str, list[int]] = field(default_factory=dict)   # lemma -> [events, occurrences] in train
    sequence: object = field(default=None, repr=False)          # SequenceTagger of the trigger model
    prior: tuple | None = field(default=None, repr=False)       # (coefficients, intercept) of lemma_prior

    @functools.cached_property
    def unscored_lemmas(self) -> frozenset[str]:
        return unscored_lemmas(self.rates, self.thresholds.get(SKIP_SEEN))

    @property
    def skips_mentions(self) -> bool:
        return bool(self.thresholds.get(SKIP_IN_MENTION))

    @functools.cached_property
    def overall_rate(self) -> float:
        # summed once per process: over every lemma of train it cost more than the prediction
        return overall_rate(self.rates)

    def matrix(self, rows: list[dict], vectors: np.ndarray | None = None) -> np.ndarray:
        if "lemma_rate" in self.features:
            rows = with_rates(rows, self.rates, self.overall_rate)
        if self.prior is not None and vectors is not None:
            if "lemma_rate" not in self.features:
                rows = [dict(row) for row in rows]
            for row, score in zip(rows, lemma_prior_scores(self.prior, vectors)):
                row["lemma_prior"] = float(score)
        return encode(rows, self.features, self.vocab, vectors if self.embedding else None)

    def predict(self, rows: list[dict], vectors: np.ndarray | None = None) -> np.ndarray:
        if not rows:
            return np.zeros((0, len(self.classes)))
        early_stop = BINARY_EARLY_STOP if len(self.classes) == 2 else {}
        scores = self.booster.predict(self.matrix(rows, vectors), num_threads=1, **early_stop)
        if scores.ndim == 1:
            scores = np.column_stack([1 - scores, scores])
        return scores


# LightGBM stops adding a binary model's trees for a row whose margin is already beyond this
# (raw score +-5, probability 0.007 / 0.993; checked every 10 trees): most candidates are clear
# negatives early. On NEREL train's candidates the trigger model's scores move by 0.009 at most
# (margin 8: 0.17) and none crosses a threshold; Lenta's and dev's outputs are the same, for 0.6
# of the prediction's CPU (bench/cost_select.py early).
BINARY_EARLY_STOP = {"pred_early_stop": True, "pred_early_stop_freq": 10, "pred_early_stop_margin": 10.0}
RATE_PRIOR = 2.0             # pseudo-occurrences pulling a rare lemma's rate to the overall rate
# Key of a trigger model's thresholds: a lemma seen at least this many times among train's
# candidates and never the head of a gold trigger is not scored (training.TRIGGER_SKIP_SEEN).
SKIP_SEEN = "skip_seen"
# Key of a trigger model's thresholds: when set, a token inside a named mention is not scored unless
# a rule trigger holds it (training.TRIGGER_SKIP_IN_MENTION).
SKIP_IN_MENTION = "skip_in_mention"
# Key of a trigger model's thresholds: how far a candidate's score moves toward the best score of
# its lemma's other occurrences in the article (pulled_by_article; training.TRIGGER_ARTICLE_PULL).
ARTICLE_PULL = "article_pull"


def lemma_prior_scores(prior: tuple[np.ndarray, float], vectors: np.ndarray) -> np.ndarray:
    """The navec prior of each row's lemma (training.fit_lemma_prior): how likely a trigger head
    a word of its meaning is; NaN where navec does not know the lemma."""
    coefficients, intercept = prior
    with np.errstate(invalid="ignore", over="ignore"):
        return 1.0 / (1.0 + np.exp(-(np.asarray(vectors, dtype=np.float64) @ coefficients + intercept)))


def unscored_lemmas(rates: dict[str, list[int]], min_seen: float | None) -> frozenset[str]:
    """Lemmas (not lemma + POS keys) train saw at least min_seen times and never as a trigger head:
    their candidates get no features and no prediction (the model scores them far below its
    thresholds), which halves the rows on news."""
    if not min_seen:
        return frozenset()
    return frozenset(key for key, counts in rates.items()
                     if "\t" not in key and counts[1] >= min_seen and counts[0] == 0)



def overall_rate(rates: dict[str, list[int]]) -> float:
    return sum(v[0] for v in rates.values()) / max(1, sum(v[1] for v in rates.values()))


def with_rates(rows: list[dict], rates: dict[str, list[int]], overall: float | None = None) -> list[dict]:
    """Rows with how often their lemma (and their head's) was a trigger in train, smoothed."""
    overall = overall_rate(rates) if overall is None else overall
    out = []
    for row in rows:
        row = dict(row)
        for key, name in RATED:
            if key in row:
                positive, count = rates.get(row[key], (0, 0))[:2]
                row[name] = (positive + RATE_PRIOR * overall) / (count + RATE_PRIOR)
        counts = rates.get(row["lemma"], (0, 0))
        row["lemma_seen"] = float(counts[1])
        if len(counts) > 2:  # files from before the span counts have two
            # how often the lemma lies anywhere inside a gold trigger span, head or not
            row["lemma_in_span_rate"] = (counts[2] + RATE_PRIOR * overall) / (counts[1] + RATE_PRIOR)
        else:
            row["lemma_in_span_rate"] = row["lemma_rate"]
        out.append(row)
    return out


# (row key, rate feature): rates are counted per lemma, per lemma + POS (a "tab" separated key,
# which no lemma contains) and for the neighbours' lemmas.
RATED = (("lemma", "lemma_rate"), ("head_lemma", "head_lemma_rate"), ("lemma_pos", "lemma_pos_rate"),
         *((f"lemma_{offset:+d}", f"rate_{offset:+d}") for offset in CONTEXT))


def encode(rows: list[dict], features: list[str], vocab: dict[str, dict[str, int]],
           vectors: np.ndarray | None) -> np.ndarray:
    """Rows as a float matrix: categorical values by their vocabulary index (NaN when unseen)."""
    out = np.empty((len(rows), len(features)), dtype=np.float64)
    nan = float("nan")
    for j, name in enumerate(features):      # a column at a time: one numpy call each
        index = vocab.get(name)
        if index is None:
            out[:, j] = [row[name] for row in rows]
        else:
            out[:, j] = [index.get(row[name], nan) for row in rows]
    if vectors is not None:
        out = np.hstack([out, vectors.astype(np.float64)])
    return out


def save_model(path: Path, booster_text: str, features: list[str], categorical: list[str],
               vocab: dict, classes: list[str], thresholds: dict[str, float], embedding: bool,
               rates: dict | None = None, sequence: bytes | None = None,
               prior: tuple[np.ndarray, float] | None = None) -> str:
    """Write a model file; returns its sha256. Keys sorted so the same model gives the same bytes.
    sequence: the CRFsuite model file whose marginals are a feature (base64 in the JSON); prior:
    the navec prior's regression (lemma_prior_scores)."""
    payload = {"format": FORMAT, "features": features, "categorical": categorical, "vocab": vocab,
               "classes": classes, "thresholds": thresholds, "embedding": embedding,
               "rates": rates or {}, "booster": booster_text}
    if sequence is not None:
        payload["sequence"] = base64.b64encode(sequence).decode("ascii")
    if prior is not None:
        # 12 significant digits: the scores move by far less than a threshold's step, and the
        # text is the same wherever the regression's last bits differ
        payload["lemma_prior"] = {"coefficients": [float(f"{x:.12g}") for x in prior[0]],
                                  "intercept": float(f"{prior[1]:.12g}")}
    data = json.dumps(payload, ensure_ascii=False, sort_keys=True, indent=0).encode("utf-8")
    Path(path).write_bytes(data)
    return hashlib.sha256(data).hexdigest()


def load_model(path: Path) -> LearnedModel:
    from tasks.nlp.events.booster import Booster

    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ModelFileError(f"event model file {path} cannot be read: {error.strerror or error}") from None
    try:
        payload = json.loads(data.decode("utf-8"))
        if payload.get("format") != FORMAT:
            raise ValueError(f"format {payload.get('format')!r}, expected {FORMAT}")
        booster = Booster(payload["booster"])
        model = LearnedModel(path, hashlib.sha256(data).hexdigest(), payload["features"],
                             payload["categorical"], payload["vocab"], payload["classes"],
                             payload["thresholds"], payload["embedding"], booster, payload["rates"])
        if payload.get("sequence"):
            model.sequence = sequence_tagger(base64.b64decode(payload["sequence"], validate=True))
        if payload.get("lemma_prior"):
            coefficients = np.array(payload["lemma_prior"]["coefficients"], dtype=np.float64)
            if coefficients.shape != (EMBEDDING_DIM,):
                raise ValueError(f"lemma_prior has {coefficients.size} coefficients, expected {EMBEDDING_DIM}")
            model.prior = (coefficients, float(payload["lemma_prior"]["intercept"]))
    except Exception as error:  # noqa: BLE001  (any damage to the file is the same fault for the user)
        reason = str(error).splitlines()[0][:200] if str(error) else type(error).__name__
        raise ModelFileError(f"event model file {path} is corrupt ({reason}); "
                             f"rebuild it with python -m flows.maintain.train_events") from None
    expected = len(model.features) + (EMBEDDING_DIM if model.embedding else 0)
    if ("sequence_head" in model.features) != (model.sequence is not None):
        raise ModelFileError(f"event model file {path} is corrupt: its sequence model and features disagree")
    if ("lemma_prior" in model.features) != (model.prior is not None and model.embedding):
        raise ModelFileError(f"event model file {path} is corrupt: its navec prior and features disagree")
    if booster.num_feature() != expected:
        raise ModelFileError(f"event model file {path} is corrupt: {booster.num_feature()} features, "
                             f"expected {expected}")
    return model


VECTOR_CACHE = 8192          # lemma vectors kept per process: 1.2 KB each


@dataclass
class EventModels:
    """The trigger and argument models plus the navec vectors they read (Natasha's, not a copy)."""
    triggers: LearnedModel
    arguments: LearnedModel
    embedding: object                        # navec.Navec from NewsEmbedding, shared with Natasha
    _vectors: dict = field(default_factory=dict, repr=False)

    def vector(self, lemma: str) -> np.ndarray:
        # navec decodes a quantised vector on each lookup; news repeats its lemmas
        vector = self._vectors.get(lemma)
        if vector is None:
            if len(self._vectors) >= VECTOR_CACHE:
                self._vectors.clear()
            vector = self._vectors[lemma] = lemma_vector(self.embedding, lemma)
        return vector

    @functools.cached_property
    def _lexicon_vectors(self) -> tuple[list[str], np.ndarray]:
        return lexicon_vectors(self.embedding)


def load_model_files(trigger_path: Path | None = None,
                     argument_path: Path | None = None) -> tuple[LearnedModel, LearnedModel]:
    return (load_model(trigger_path or MODELS_DIR / "triggers.json"),
            load_model(argument_path or MODELS_DIR / "arguments.json"))


def load_event_models(embedding, trigger_path: Path | None = None,
                      argument_path: Path | None = None) -> EventModels:
    return EventModels(*load_model_files(trigger_path, argument_path), embedding)


def model_file_versions() -> dict[str, str]:
    """The short sha256 of each event model file, checked to load (runs.model_versions)."""
    return {"event_trigger_model": _checked(MODELS_DIR / "triggers.json"),
            "event_argument_model": _checked(MODELS_DIR / "arguments.json")}


@functools.cache
def _checked(path: Path) -> str:
    # Only the hash is kept: the process that starts a run does not extract, its workers do.
    return load_model(path).sha256[:12]


def lemma_vector(embedding, lemma: str) -> np.ndarray:
    vector = embedding.get(lemma.lower()) if embedding is not None else None
    if vector is None:
        return np.full(EMBEDDING_DIM, np.nan, dtype=np.float32)
    return vector


def lexicon_vectors(embedding) -> tuple[list[str], np.ndarray]:
    """The typed lexicon lemmas that navec knows, with their unit vectors."""
    from tasks.nlp.events.lexicon import load_lexicon

    lemmas, vectors = [], []
    for lemma, event_type in sorted(load_lexicon().triggers.items()):
        vector = embedding.get(lemma) if embedding is not None else None
        if vector is not None and event_type not in (NO_EVENT, STATEMENT):
            lemmas.append(lemma)
            vectors.append(vector / (np.linalg.norm(vector) or 1.0))
    return lemmas, np.array(vectors) if vectors else np.zeros((0, EMBEDDING_DIM))


def type_for(lemma: str, lexicon: Lexicon, embedding, lexicon_index: tuple[list[str], np.ndarray],
             margin: float = 0.0) -> str:
    """The taxonomy type of a trigger the rules did not type: the lexicon's, else its nearest
    lexicon lemma's in navec space when they are close (and, by `margin`, nearer than any lemma
    of another type), else "other"."""
    event_type = lexicon.triggers.get(lemma)
    if event_type and event_type != NO_EVENT:
        return event_type
    return nearest_type(lemma, lexicon, embedding, lexicon_index, margin)


def nearest_type(lemma: str, lexicon: Lexicon, embedding, lexicon_index: tuple[list[str], np.ndarray],
                 margin: float = 0.0) -> str:
    """The type of the nearest typed lexicon lemma (statements aside) when close and at least
    `margin` nearer than the nearest lemma of another type, else "other"."""
    lemmas, matrix = lexicon_index
    vector = embedding.get(lemma) if embedding is not None else None
    if vector is None or not lemmas:
        return "other"
    similarity = matrix @ (vector / (np.linalg.norm(vector) or 1.0))
    best = int(np.argmax(similarity))
    best_type = lexicon.triggers[lemmas[best]]
    if similarity[best] < NEAREST_TYPE_COSINE:
        return "other"
    if margin > 0:
        rival = max((similarity[i] for i, other in enumerate(lemmas) if lexicon.triggers[other] != best_type),
                    default=-1.0)
        if similarity[best] - rival < margin:
            return "other"
    return best_type


# --- inference --------------------------------------------------------------------------------

@dataclass
class DocumentContext:
    """How often each lemma occurs in the article, and before each token (by its start offset):
    NEREL marks an event at each of its mentions ("ЕГЭ" eight times), and a word repeated
    across the article is usually its topic."""
    counts: Counter
    before: dict[int, int]


def document_context(doc) -> DocumentContext:
    counts, before = Counter(), {}
    for sentence in doc.sents:
        for token in sentence.tokens:
            before[token.start] = counts[token.lemma]
            counts[token.lemma] += 1
    return DocumentContext(counts, before)


def trigger_candidates(tree: SentenceTree, rule_triggers: list[Trigger], mentions: list[dict],
                       lexicon: Lexicon, document: DocumentContext | None = None,
                       skip: frozenset[str] = frozenset(), skip_mentions: bool = False) -> tuple[list, list[dict], dict]:
    """(candidate tokens, their feature rows, token id -> rule trigger); tokens whose lemma is in
    skip, and with skip_mentions those inside a named mention, are left out unless a rule trigger
    holds them (their score decides a statement)."""
    owner = {t.id: trigger for trigger in rule_triggers for t in trigger.tokens}
    mention_tokens = {}
    for mention in mentions:
        for token in tree.tokens:
            if mention["start"] <= token.start and token.stop <= mention["stop"]:
                mention_tokens[token.id] = mention["type"]
    tokens, rows = [], []
    for token in tree.tokens:
        if token.pos not in CANDIDATE_POS or token.id not in owner and (
                token.lemma in skip or skip_mentions and token.id in mention_tokens):
            continue
        rule = owner.get(token.id)
        row = trigger_features(tree, token, mention_tokens, rule.type if rule else None, lexicon)
        head = tree.head(token)
        row["head_is_rule"] = float(head is not None and head.id in owner)
        row["sentence_index"] = float(token.id.split("_", 1)[0])
        row["doc_lemma_count"] = float(document.counts[token.lemma]) if document else np.nan
        row["doc_lemma_before"] = float(document.before.get(token.start, 0)) if document else np.nan
        tokens.append(token)
        rows.append(row)
    return tokens, rows, owner


@dataclass
class Scored:
    """Candidates of one sentence (trigger tokens) or one trigger (argument candidates) with
    their feature rows and, once predicted, their scores; `owner` maps a token to its rule trigger."""
    candidates: list
    rows: list[dict]
    vectors: np.ndarray | None = None
    owner: dict = field(default_factory=dict)
    scores: np.ndarray | None = None
    times_given: bool = False           # time spans were candidates: the model decides the time


def trigger_rows(tree: SentenceTree, rule_triggers: list[Trigger], mentions: list[dict], lexicon: Lexicon,
                 models: EventModels, document: DocumentContext | None = None) -> Scored:
    tokens, rows, owner = trigger_candidates(tree, rule_triggers, mentions, lexicon, document,
                                             models.triggers.unscored_lemmas, models.triggers.skips_mentions)
    with_sequence_scores(models.triggers, tree, tokens, rows, owner, lexicon)
    vectors = np.array([models.vector(t.lemma) for t in tokens]) if tokens else None
    return Scored(tokens, rows, vectors, owner)


def argument_rows(tree: SentenceTree, trigger: Trigger, mentions: list[dict], rule_arguments: list[dict],
                  models: EventModels, index=None, times: list[dict] | None = None) -> Scored:
    """A trigger's candidates and their rows; time spans are candidates when the model has a time
    class (they then replace the rules' time)."""
    embedding = models.embedding if "sim_человек" in models.arguments.features else None
    times = times if learned_times(models) else None
    scored = Scored(*argument_candidates(tree, trigger, mentions, rule_arguments, index, embedding, times))
    scored.times_given = times is not None
    return scored


def predict_together(model: LearnedModel, parts: list[Scored]) -> None:
    """Score the rows of many parts in one prediction (an article's sentences or triggers): each
    LightGBM call costs about what a few dozen rows do. Sets each part's scores."""
    rows = [row for part in parts for row in part.rows]
    vectors = None
    if model.embedding and rows:
        vectors = np.vstack([part.vectors for part in parts if part.rows])
    scores = model.predict(rows, vectors)
    begin = 0
    for part in parts:
        part.scores = scores[begin:begin + len(part.rows)]
        begin += len(part.rows)


def pulled_by_article(model: LearnedModel, parts: list[Scored]) -> None:
    """An article's trigger scores (its sentences' parts, predicted), each moved the model's
    `article_pull` of the way up toward the best score of the same lemma elsewhere in the article:
    NEREL marks an event at each of its mentions, and an article keeps a word in one sense, so a
    mention its sentence alone leaves in doubt ("Мотивы стрельбы пока не определены." in an article
    on a shooting) takes some of the surest mention's evidence. Scores only rise, and never past
    that best."""
    pull = model.thresholds.get(ARTICLE_PULL)
    if not pull:
        return
    by_lemma: dict[str, list[tuple[np.ndarray, int]]] = {}
    for part in parts:
        for index, token in enumerate(part.candidates):
            by_lemma.setdefault(token.lemma, []).append((part.scores, index))
    for places in by_lemma.values():
        if len(places) < 2:
            continue
        before = [float(scores[index, 1]) for scores, index in places]
        ranked = sorted(range(len(before)), key=before.__getitem__, reverse=True)
        for position, (scores, index) in enumerate(places):
            # the best of the others: the top unless this is it, then the second
            best = before[ranked[1]] if ranked[0] == position else before[ranked[0]]
            if best > before[position]:
                scores[index, 1] = before[position] + pull * (best - before[position])
                scores[index, 0] = 1.0 - scores[index, 1]


def learned_triggers(tree: SentenceTree, rule_triggers: list[Trigger], mentions: list[dict],
                     lexicon: Lexicon, models: EventModels, document: DocumentContext | None = None,
                     scored: Scored | None = None) -> list[Trigger]:
    """The triggers the model accepts, typed by the taxonomy. Curated pattern phrases are kept as
    the rules found them, rule statements too unless the model accepts them as events. `scored`:
    the sentence's trigger_rows, predicted here unless they were (extract.py predicts an article's
    sentences at once)."""
    from tasks.nlp.events.triggers import merge_nested

    if scored is None:
        scored = trigger_rows(tree, rule_triggers, mentions, lexicon, models, document)
    if scored.scores is None:
        predict_together(models.triggers, [scored])
    tokens, owner = scored.candidates, scored.owner
    scores = scored.scores[:, 1] if tokens else []
    threshold = models.triggers.thresholds["event"]
    # A statement the model accepts at this score is an event in NEREL's sense ("выступление"
    # at a congress, "поздравил" at a ceremony): it takes the nearest non-statement type.
    statement_event = models.triggers.thresholds.get("statement_event")
    score_of = dict(zip((t.id for t in tokens), scores))
    kept, seen = [], set()
    for trigger in rule_triggers:
        if trigger.type == STATEMENT and statement_event is not None \
                and score_of.get(trigger.anchor.id, 0.0) >= statement_event:
            trigger.type = nearest_type(trigger.anchor.lemma, lexicon, models.embedding, models._lexicon_vectors,
                                        NEAREST_TYPE_MARGIN)
            kept.append(trigger)
            seen.add(id(trigger))
        elif trigger.type == STATEMENT or is_pattern(trigger, lexicon):
            kept.append(trigger)
            seen.add(id(trigger))
    for token, score in zip(tokens, scores):
        if score < threshold:
            continue
        rule = owner.get(token.id)
        if rule is not None:
            if id(rule) not in seen:
                seen.add(id(rule))
                kept.append(rule)
            continue
        kept.append(Trigger([token], type_for(token.lemma, lexicon, models.embedding,
                                              models._lexicon_vectors, NEAREST_TYPE_MARGIN)))
    merged = merge_nested(tree, kept)
    for trigger in merged:
        scores = [float(score_of[t.id]) for t in trigger.tokens if t.id in score_of]
        trigger.confidence = max(scores) if scores and trigger.type != STATEMENT else None
    return sorted(merged, key=lambda t: (t.start, t.stop))


PROTOTYPES = ("человек", "организация", "город")   # what kind of thing a candidate noun names


def prototype_similarities(embedding, lemma: str) -> dict:
    """Cosine of the lemma's navec vector with a person, an organisation and a place word: tells
    "полиция" from "результат" for nouns too rare to learn one by one (NaN when unknown)."""
    return dict(zip(PROTOTYPE_FEATURES, _prototype_similarities(embedding, lemma)))


PROTOTYPE_FEATURES = tuple(f"sim_{prototype}" for prototype in PROTOTYPES)


# id(embedding) -> (embedding, the prototypes' vectors, lemma -> cosines)
_SIMILARITIES: dict[int, tuple[object, list, dict]] = {}
SIMILARITY_CACHE = 8192


def _prototype_similarities(embedding, lemma: str) -> tuple[float, ...]:
    # memoised per embedding (navec objects are not hashable): candidate nouns repeat, and navec
    # decodes a quantised vector on each lookup
    entry = _SIMILARITIES.get(id(embedding))
    if entry is None or entry[0] is not embedding:
        prototypes = [embedding.get(p) if embedding is not None else None for p in PROTOTYPES]
        entry = _SIMILARITIES[id(embedding)] = (embedding, prototypes, {})
    cache = entry[2]
    found = cache.get(lemma)
    if found is None:
        if len(cache) >= SIMILARITY_CACHE:
            cache.clear()
        found = cache[lemma] = _cosines(embedding, lemma, entry[1])
    return found


def _cosines(embedding, lemma: str, prototypes: list) -> tuple[float, ...]:
    vector = embedding.get(lemma.lower()) if embedding is not None else None
    out = []
    for other in prototypes:
        if vector is None or other is None:
            out.append(float("nan"))
        else:
            out.append(float(vector @ other / ((np.linalg.norm(vector) * np.linalg.norm(other)) or 1.0)))
    return tuple(out)


def time_candidates(tree: SentenceTree, trigger: Trigger, times: list[dict], rule_roles: dict,
                    subjectless: bool, people, actors: int) -> tuple[list[dict], list[dict]]:
    """The time role's candidates of one trigger (timing.time_spans) with their feature rows:
    the same features as a participant's, the kind "time" and the head word's lemma ("год",
    "понедельник", "накануне"); the rules' choice of date (timing.choose_date) is rule_role."""
    candidates, rows = [], []
    for span in times:
        if span["start"] < trigger.stop and trigger.start < span["stop"]:
            continue
        tokens = [t for t in tree.tokens if span["start"] <= t.start and t.stop <= span["stop"]]
        if not tokens:
            continue
        candidates.append(span)
        rows.append(argument_features(tree, trigger, span, head_token(tokens, tree),
                                      rule_roles.get((span["start"], span["stop"])), "time",
                                      subjectless=subjectless, people=people, local_actors=actors))
    return candidates, rows


def argument_candidates(tree: SentenceTree, trigger: Trigger, mentions: list[dict],
                        rule_arguments: list[dict], index=None, embedding=None,
                        times: list[dict] | None = None) -> tuple[list[dict], list[dict]]:
    """(candidate mentions, their feature rows) for one trigger: the named mentions of its
    sentence and, given the sentence's MentionIndex, the candidates of candidates.py; given its
    time spans, those too."""
    from tasks.nlp.events.candidates import extra_candidates, has_subject

    rule_roles = {(a["start"], a["stop"]): a["role"] for a in rule_arguments}
    spans = mention_tokens_of(tree, mentions)
    subjectless = not has_subject(tree, trigger.anchor)
    people = index.people if index is not None else None
    actors = sum(m["type"] in ("PER", "ORG") for m in mentions)
    candidates, rows = [], []
    for mention in mentions:
        # a name between the words of a trigger phrase is a candidate ("признал Моисеенко
        # виновным", "освободил Кудайбердиева от должности"); one of its words is not
        if any(mention["start"] < t.stop and t.start < mention["stop"] for t in trigger.tokens):
            continue
        tokens = spans.get((mention["start"], mention["stop"]))
        if not tokens:
            continue
        head = head_token(tokens, tree)
        candidates.append(mention)
        rows.append(argument_features(tree, trigger, mention, head,
                                      rule_roles.get((mention["start"], mention["stop"])),
                                      subjectless=subjectless, people=people, local_actors=actors))
    if index is not None:
        for extra in extra_candidates(tree, trigger, index):
            key = (extra.mention["start"], extra.mention["stop"])
            candidates.append(extra.mention)
            back = index.sentence_index - extra.mention["sentence_index"] if extra.kind in ("earlier", "pronoun") else 0
            rows.append(argument_features(tree, trigger, extra.mention, extra.head, rule_roles.get(key),
                                          extra.kind, extra.tree, subjectless, people, back, actors))
    if times is not None:
        more, more_rows = time_candidates(tree, trigger, times, rule_roles, subjectless, people, actors)
        candidates.extend(more)
        rows.extend(more_rows)
    actor_ranks(candidates, rows)
    if embedding is not None:
        heads = [row["candidate_lemma"] for row in rows]
        for row, lemma in zip(rows, heads):
            row.update(prototype_similarities(embedding, lemma) if lemma != "<named>" else
                       dict.fromkeys((f"sim_{p}" for p in PROTOTYPES), float("nan")))
    return candidates, rows


# Key of an argument model's thresholds: the floor of an event's best actor candidate (best_actor).
ACTOR_FLOOR = "actor_floor"
ACTOR_ROLES = ("participant", "target")
ACTOR_TYPES = ("PER", "ORG")
# Candidates that name an entity: a name of the sentence, or a pronoun's or an earlier sentence's
# person (candidates.py); actor_ranks ranks them.
ACTOR_KINDS = ("named", "pronoun", "earlier")
# The kinds of candidate best_actor takes: the sentence's own names. With the pronouns' and earlier
# sentences' people too, dev argument precision falls below 0.58 at the floor that links half of
# Lenta's events (role model before the actor ranks, floor 0.1: 0.576 against 0.588).
BEST_ACTOR_KINDS = ("named",)
# With no named actor at the floor, the unnamed person noun that is the trigger's own subject
# ("умер моряк", "менеджер скончался": NEREL marks such nouns as participants) at this floor.
SUBJECT_FLOOR = "actor_floor_subject"
SUBJECT_PATHS = ("vnsubj", "vnsubj:pass")      # dependency_path from the predicate to its subject
# Nouns for a body that acts: with a country or an organisation it names ("сборная Италии",
# "пакистанская армия", "сотрудники ФСБ"), a best actor when the sentence names no one likelier.
COLLECTIVE_ACTORS = frozenset({
    "сборная", "команда", "армия", "войска", "власть", "правительство", "полиция", "спецслужба",
    "парламент", "сми", "ведомство", "министерство", "суд", "прокуратура", "администрация", "сторона",
    "силы", "спецназ", "флот", "авиация", "орган", "служба", "руководство", "делегация", "посольство",
})


def actor_ranks(candidates: list[dict], rows: list[dict]) -> None:
    """Sets each candidate's place among its trigger's person and organisation candidates, nearest
    in the tree first (then in the text), how much nearer the nearest other one is, and how many
    there are: an event usually has an actor, and the nearest one is the likeliest even on a path
    train saw rarely, which a pair's own features cannot tell (NaN for the other candidates)."""
    actors = [i for i, (m, row) in enumerate(zip(candidates, rows))
              if m.get("type") in ACTOR_TYPES and row["kind"] in ACTOR_KINDS]
    order = sorted(actors, key=lambda i: (rows[i]["path_length"], rows[i]["abs_distance"]))
    nan = float("nan")
    for row in rows:
        row.update(actor_rank=nan, actor_gap=nan, actor_candidates=float(len(actors)))
    for rank, i in enumerate(order):
        other = order[1] if rank == 0 and len(order) > 1 else order[0] if rank > 0 else None
        rows[i]["actor_rank"] = float(rank)
        rows[i]["actor_gap"] = rows[i]["path_length"] - rows[other]["path_length"] if other is not None else nan


def conjoined_arguments(tree: SentenceTree, arguments: list[dict], candidates: list[dict], rows: list[dict],
                        seen: set) -> list[dict]:
    """Names conjoined to an accepted participant or place, of its type, take its role ("в Портапике
    и Энфилде", "Путина и Алиева"): the model scores each alone and misses the second more often."""
    named = {(m["start"], m["stop"]): m for m, row in zip(candidates, rows) if row["kind"] == "named"}
    spans = mention_tokens_of(tree, list(named.values()))
    out = []
    for argument in arguments:
        key = (argument["start"], argument["stop"])
        if argument["role"] not in ("participant", "place", "target") or key not in spans:
            continue
        first = head_token(spans[key], tree)
        while first.rel == "conj" and tree.head(first) is not None:
            first = tree.head(first)          # "Х и Y": from Y to the first conjunct
        for token in tree.expand(first):
            other = next((m for span, m in named.items() if span[0] <= token.start and token.stop <= span[1]), None)
            if other is None or (other["start"], other["stop"]) in seen or other["type"] != named[key]["type"]:
                continue
            seen.add((other["start"], other["stop"]))
            out.append({**argument, "start": other["start"], "stop": other["stop"], "text": other["text"],
                        "entity_id": other["entity_id"]})
    return out


def best_actor(candidates: list[dict], rows: list[dict], scores, classes: list[str], thresholds: dict,
               arguments: list[dict], rule_arguments: list[dict], dropped: set = frozenset()) -> dict | None:
    """An event's best actor candidate: when its arguments hold no participant or target, the
    named person or organisation the model scores likeliest as the participant, if at least the
    floor (model thresholds, ACTOR_FLOOR; no floor, no rule). Most events have an actor (NEREL
    train: 0.65 of gold events) and the per-candidate thresholds, set for precision, leave many
    without one. One candidate per event, the surest, can take a floor far below a per-candidate
    threshold (which would add every weak candidate of every event). With no named one at the
    floor, a noun for a person or a body that acts (COLLECTIVE_ACTORS) with the entity of the
    country or organisation it names ("пакистанская армия", "сборная Италии") may be it, never a
    thing ("грузовик с белорусским маслом"); with none of those, an animate noun that is the
    predicate's subject and names no one ("умер моряк"), at the floor SUBJECT_FLOOR, kept with its
    text and no entity. `dropped`: spans found no party (parties.parties_only), never taken.
    Returns the argument's fields, or None."""
    floor = thresholds.get(ACTOR_FLOOR)
    if floor is None or "participant" not in classes or any(a["role"] in ACTOR_ROLES for a in arguments):
        return None
    column = classes.index("participant")
    taken = {(a["start"], a["stop"]) for a in arguments} | dropped

    def surest(fits, at_least: float, named: bool = True) -> tuple[dict | None, dict | None, float]:
        """(mention, row, score) of the candidate that fits scored likeliest as participant, at
        least at_least; named: only one that resolves to an entity."""
        best, best_row, best_score = None, None, at_least
        for mention, row, score in zip(candidates, rows, scores):
            if fits(mention, row) and (mention.get("entity_id") or not named) and (mention["start"], mention["stop"]) not in taken \
                    and score[column] >= best_score:
                best, best_row, best_score = mention, row, score[column]
        return best, best_row, best_score

    best, _, best_score = surest(lambda m, row: row["kind"] in BEST_ACTOR_KINDS and m.get("type") in ACTOR_TYPES, floor)
    if best is None:
        best, _, best_score = surest(lambda m, row: row["kind"] == "nominal" and m.get("type") in ("NOM", "NOM_LOC")
                                  and (row.get("animacy") == "Anim" or row.get("candidate_lemma") in COLLECTIVE_ACTORS),
                                  floor)
    suffered = False
    if best is None and thresholds.get(SUBJECT_FLOOR) is not None:
        best, row, best_score = surest(lambda m, row: row["kind"] == "nominal" and m.get("type") in ("NOM", "TITLE")
                                       and row.get("animacy") == "Anim" and row.get("path_predicate") in SUBJECT_PATHS,
                                       thresholds[SUBJECT_FLOOR], named=False)
        # "мошенники были задержаны": a conflict's passive subject is its target, as the rules make a name there
        suffered = row is not None and suffers(row)
    if best is None:
        return None
    rule_role = next((a["role"] for a in rule_arguments
                      if (a["start"], a["stop"]) == (best["start"], best["stop"])), None)
    return {"role": "target" if rule_role == "target" or suffered else "participant", "start": best["start"],
            "stop": best["stop"], "text": best["text"], "entity_id": best["entity_id"],
            "confidence": float(best_score)}


def suffers(row: dict) -> bool:
    """Whether the candidate is the passive subject of a conflict ("Злоумышленник задержан."):
    its target, as the rules make a name there."""
    from tasks.nlp.events.arguments import CONFLICT_TARGET_TYPES  # here: that module loads natasha

    return row.get("path_predicate") == "vnsubj:pass" and row.get("trigger_type") in CONFLICT_TARGET_TYPES


def learned_times(models: EventModels) -> bool:
    """Whether the role model decides the time arguments (files before it had no time class)."""
    return "time" in models.arguments.classes


def learned_arguments(tree: SentenceTree, trigger: Trigger, mentions: list[dict],
                      rule_arguments: list[dict], models: EventModels,
                      event_id: str, article_id: str, index=None, scored: Scored | None = None,
                      times: list[dict] | None = None, parties=None) -> list[dict]:
    """Participant, place and (given the sentence's time spans) time arguments the role model
    assigns (a threshold per role, or per role and kind of candidate); rule arguments the model
    did not see as candidates are kept, the rules' time only when the model has no time class; an
    event left with no participant or target takes its best actor candidate (best_actor).
    `scored`: the trigger's argument_rows, predicted here unless they were. `parties`: the filter
    of who is no party (parties.parties_only, as extract.py applies it), applied before the best
    actor is sought, so that an event whose only actor was a source or the one told ("Как
    рассказал «Москве 24» организатор ярмарки Патрис Жени") still takes its likeliest party."""
    if scored is None:
        scored = argument_rows(tree, trigger, mentions, rule_arguments, models, index, times)
    if scored.scores is None:
        predict_together(models.arguments, [scored])
    candidates, rows, scores = scored.candidates, scored.rows, scored.scores
    times_decided = learned_times(models) and scored.times_given
    classes = models.arguments.classes
    thresholds = models.arguments.thresholds
    arguments, seen = [], set()
    time_class = classes.index("time") if "time" in classes else None
    # One time per event, the surest (gold events of NEREL rarely have two).
    best_time = max((i for i, row in enumerate(rows) if row["kind"] == "time"),
                    key=lambda i: scores[i][time_class], default=None)
    for i, (mention, row, score) in enumerate(zip(candidates, rows, scores)):
        if row["kind"] == "time":
            if i != best_time:
                continue
            best = time_class      # a date is a time or nothing; a name is never one
        else:
            best = int(np.argmax([score[i] if classes[i] != "time" else -1.0
                                  for i in range(1, len(classes))])) + 1
        role = classes[best]
        # A kind of candidate may have its own threshold ("participant_earlier"), chosen on dev.
        if score[best] < thresholds.get(f"{role}_{row['kind']}", thresholds[role]):
            continue
        rule_role = next((a["role"] for a in rule_arguments
                          if (a["start"], a["stop"]) == (mention["start"], mention["stop"])), None)
        if role == "participant" and rule_role in ("target", "place"):
            role = rule_role         # the rules know conflict targets and the city of a court
        elif role == "participant" and rule_role is None and suffers(row):
            role = "target"          # a noun the rules do not read, in the place they read a name as target
        seen.add((mention["start"], mention["stop"]))
        arguments.append({"event_id": event_id, "article_id": article_id, "role": role,
                          "start": mention["start"], "stop": mention["stop"], "text": mention["text"],
                          "entity_id": mention["entity_id"], "confidence": float(score[best])})
    # a conjoined name takes the role, and the confidence, of the name it is conjoined to
    arguments.extend(conjoined_arguments(tree, arguments, candidates, rows, seen))
    # The model decides for the sentence's named mentions; what the rules found beyond them
    # (pronouns, titles, the person before a subject-less verb) stays, and the model may add more.
    local = {(m["start"], m["stop"]) for m, row in zip(candidates, rows) if row["kind"] == "named"}
    # A time the rules read where the model has no candidate (the year of "на ЧМ-2018", "на
    # декабрьском заседании") is the event's time when the model chose none.
    timed = any(a["role"] == "time" for a in arguments)
    offered = {(m["start"], m["stop"]) for m, row in zip(candidates, rows) if row["kind"] == "time"}
    arguments.extend(a for a in rule_arguments
                     if (a["start"], a["stop"]) not in local and (a["start"], a["stop"]) not in seen
                     and not (times_decided and a["role"] == "time"
                              and (timed or (a["start"], a["stop"]) in offered)))
    dropped = set()
    if parties is not None:
        kept = parties(arguments)
        dropped = {(a["start"], a["stop"]) for a in arguments} - {(a["start"], a["stop"]) for a in kept}
        arguments = kept
    actor = best_actor(candidates, rows, scores, classes, thresholds, arguments, rule_arguments, dropped)
    if actor is not None:
        arguments.append({"event_id": event_id, "article_id": article_id, **actor})
        if parties is not None:      # the actor too may be only the source
            arguments = parties(arguments)
    return arguments
