"""Training examples and models for tasks/nlp/events/learned.py, from NEREL documents parsed by
the product's pipeline (flows/maintain/train_events.py runs it).

Trigger examples: every candidate token; positive when it is the syntactic head of a gold trigger
span (a multiword trigger, "приобрела дом", gives one positive, so one predicted event per gold).
Argument examples: for each gold trigger's head token, every entity mention of its sentence and
the candidates beyond them (tasks/nlp/events/candidates.py: nouns, adjectives, pronouns, names of
earlier sentences), labelled with the role class of the gold argument it overlaps (participant,
place) or none; and the time spans of its sentence (timing.time_spans), labelled time when they
overlap a gold time, else none.
"""
from __future__ import annotations

import functools
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import numpy as np

from tasks.evaluation.scoring import GOLD_ROLE_CLASS
from tasks.nlp.dates import article_dates
from tasks.nlp.events.arguments import MentionIndex, event_arguments
from tasks.nlp.events.learned import (
    ARGUMENT_ROLES,
    EMBEDDING_DIM,
    SEQUENCE_HEAD,
    argument_candidates,
    document_context,
    lemma_prior_scores,
    lemma_vector,
    lexicon_vectors,
    sequence_features,
    sequence_scores,
    sequence_tagger,
    trigger_candidates,
    type_for,
    with_rates,
)
from tasks.nlp.events.lexicon import Lexicon
from tasks.nlp.events.nominals import article_people
from tasks.nlp.events.timing import choose_date, time_spans
from tasks.nlp.events.tree import SentenceTree
from tasks.nlp.events.triggers import Trigger, find_triggers

SEED = 13
MIN_VALUE_COUNT = 3          # a categorical value seen fewer times in train is "unseen"
# Selected on NEREL dev (flows/maintain/train_events.py --select prints the sweep; the trigger
# model's alternatives are in bench/trigger_select.py).
TRIGGER_PARAMS = {"learning_rate": 0.05, "num_leaves": 15, "min_data_in_leaf": 20,
                  "feature_fraction": 0.5, "lambda_l2": 1.0, "cat_smooth": 10, "max_cat_threshold": 64}
TRIGGER_ROUNDS = 400
# Fewer trigger trees cost dev F1 (bench/cost_select.py triggers): 300 rounds 0.684, learning rate
# 0.1 x 200 0.688 with arguments 0.535 (0.539), 0.15 x 150 0.684; the prefilter below cuts the rows instead.
# The lemmas themselves overfit as categories (dev F1 0.689 with, 0.694 without): they enter
# through their smoothed trigger rates in train (lemma_rate, head_lemma_rate) and navec vectors.
TRIGGER_UNUSED = ("lemma", "head_lemma", "lemma_pos", "lemma_-2", "lemma_-1", "lemma_+1", "lemma_+2")
# Learning rate and rounds chosen for cost on dev (bench/cost_select.py arguments): 0.05 x 300
# rounds (900 trees) scored argument F1 0.539; 0.1 x 120 0.541, 0.1 x 80 0.538; 0.15 x 80 0.541
# with 240 trees, a fifth of the prediction's CPU per candidate (0.15 x 60: 0.536).
ARGUMENT_PARAMS = {"learning_rate": 0.15, "num_leaves": 15, "min_data_in_leaf": 20,
                   "feature_fraction": 0.8, "lambda_l2": 1.0, "cat_smooth": 10, "max_cat_threshold": 32}
ARGUMENT_ROUNDS = 80
# Role-model features tried beside the actor ranks (learned.actor_ranks), dev argument F1 at
# participant 0.4, time 0.3, actor floor 0.12 (the ranks alone: 0.5542): the lemma the candidate's
# phrase depends on, as a category, 0.5502; whether the candidate is the subject of a reporting
# verb of the lexicon, 0.5521; names of earlier sentences also for a trigger with no subject in a
# sentence naming someone (candidates.py), 0.5469. Retraining moves dev F1 by a few thousandths.
# With the context and article features: num_leaves 15 scores dev trigger F1 0.685 at thresholds
# 0.2, 0.25 and 0.3 alike (31 leaves: 0.678-0.681); 0.3 keeps the most argument precision.
TRIGGER_THRESHOLD = 0.3
# A rule statement scored at least this is an event (learned.learned_triggers). Dev trigger F1
# (final model): never 0.681, 0.5 0.682, 0.3 0.685, 0.2 0.688, 0.1 0.690; 0.2 leaves the
# reporting verbs ("сообщил", "заявил") statements.
TRIGGER_STATEMENT_EVENT = 0.2
# The CRFsuite sequence labeller whose P(head) is a feature of the trigger booster (learned.py);
# L-BFGS with elastic net: c1 prunes the attributes (a small file), c2 smooths.
TRIGGER_SEQUENCE = True
SEQUENCE_PARAMS = {"algorithm": "lbfgs", "c1": 0.3, "c2": 0.1, "max_iterations": 100}
# Candidates whose lemma train saw at least this many times, never as a trigger head, are not
# scored (learned.unscored_lemmas). On dev (bench/cost_select.py skip) 8 is the
# lowest count that leaves out no candidate the model scores >= 0.2 (48 % of them); 10 keeps a
# margin (46 %, the highest score left out 0.08), and the extractor's dev output is unchanged.
TRIGGER_SKIP_SEEN = 10
# Nor are tokens inside a named mention (a rule trigger's aside): in train 18 of their 21,668 are a
# trigger head (0.08 %, the overall rate is 4.7 %: "Уэйко", "Победа"); of those the prefilter above
# keeps, the model scores none >= 0.2 on dev (max 0.11, one gold head) or on Lenta (max 0.16), a
# quarter of the candidates left. The extractor's dev output is unchanged.
TRIGGER_SKIP_IN_MENTION = True
# How far a candidate's score moves toward the best score of its lemma elsewhere in the article
# (learned.pulled_by_article). Chosen on NEREL train out of fold (bench/trigger_oof.py --pulls),
# F1 at pull 0 / 0.1 / 0.15 / 0.2 / 0.25 / 0.3 / 0.4: 0.6782 / 0.6793 / 0.6795 / 0.6798 / 0.6788
# / 0.6764 / 0.6739 (all the way, 1.0: 0.6644); dev (the selection) 0.713 -> 0.722.
TRIGGER_ARTICLE_PULL = 0.2
# The navec prior (learned.lemma_prior_scores): an L2 logistic regression over the lemma's navec
# vector, fitted on train's lemmas (each lemma once, its smoothed trigger rate the target,
# weighted by log(1 + occurrences)), gives the booster a trigger rate for the lemmas train saw
# rarely or never ("пандемия", "путч", "капитуляция"), which the lemma rates pull to the overall
# rate. Dev trigger F1 at 0.3, retrained on 2025.12.24's parses with LightGBM seeds 13 / 14 / 15:
# without 0.695 / 0.691 / 0.693, with 0.713 / 0.689 / 0.705 (bench/trigger_prior.py; at 0.25 the
# means are 0.694 and 0.702). The same regression over the syntactic head's lemma as well, or
# navec clusters as CRF attributes, add nothing (the script's notes).
TRIGGER_PRIOR = True
PRIOR_L2 = 1.0
PRIOR_SMOOTHING = (0.2, 2.0)   # (pseudo-events, pseudo-occurrences) of a lemma's target rate
# Whether the other words of a gold trigger span ("бомбы" of "взрывом бомбы") train as negatives.
TRIGGER_SPAN_NEGATIVES = True
# Per role, and per role and kind of candidate (tasks/nlp/events/candidates.py) where it differs:
# nouns with no name are many and need a surer score; a name of an earlier sentence is taken at
# a lower one. Chosen on dev: of the settings within 0.001 of the best argument F1 that keep
# argument precision at least 0.58, the lowest threshold for earlier sentences (Lenta's events
# with a linked participant, issue 12's other measure). Role model of 2025.12.4, dev arguments
# F1 (P): participant / place / time 0.45 / 0.45 / 0.4 0.5442 (0.625); 0.4 / 0.4 / 0.3 0.5497
# (0.616); earlier 0.15 0.5431, 0.2 0.5483, 0.25 0.5497, 0.3 0.5493, 0.4 0.5499. Role model with
# the actor ranks, floor 0.12, changing one at a time from 0.4 / 0.4 / 0.3 (0.5542, 0.601):
# participant 0.35 0.5515, 0.45 0.5557, 0.5 0.5544; place 0.35 0.5533, 0.45 0.5532; time 0.25
# 0.5553, 0.35 0.5540; earlier 0.2 0.5527, 0.3 0.5542; nominal 0.6 0.5519, 0.8 0.5497; then with
# participant 0.45, time 0.25 0.5568, 0.2 0.5579 (0.603), 0.15 0.5550, 0.1 0.5526.
# "actor_floor" (learned.best_actor): an event left with no participant or target takes its named
# person or organisation the model scores likeliest, at least this. Chosen on dev the same way, the
# lowest floor within 0.001 of the best argument F1 with precision at least 0.58. Role model with
# the actor ranks (learned.actor_ranks), dev arguments F1 (P) / Lenta share of events with a
# linked participant (bench/argument_thresholds.py prints them), at participant 0.45 and time 0.2:
# none 0.5560 (0.624) / 0.384; 0.1 0.5566 (0.599) / 0.536; 0.12 0.5579
# (0.603) / 0.522; 0.15 0.5578 (0.604) / 0.498. At participant 0.4 and time 0.3: none 0.5529
# (0.619) / -; 0.08 0.5518 (0.594) / 0.555; 0.1 0.5529 (0.597) / 0.538; 0.12 0.5542 (0.601) /
# 0.523; 0.15 0.5540 (0.602) / 0.500; 0.2 0.5539 (0.605) / -. The
# role model before the ranks: none 0.5511 (0.610) / 0.398, 0.12 0.5514 (0.592) / 0.519; taking
# the pronouns' and earlier sentences' people too: 0.1 0.5443 (0.576) / 0.558, 0.12 0.5480 (0.584)
# / 0.538.
# "actor_floor_subject" (learned.best_actor): with no named actor at the floor, the unnamed person
# noun that is the trigger's subject ("умер моряк", "менеджер скончался"), at least this. Chosen on
# NEREL train out of fold (bench/events_oof.py --arguments, extractor 2025.12.27, arguments F1):
# none 0.5206; 0.05 0.5210, 0.1 0.5216, 0.2 0.5217, 0.3 0.5217, 0.45 0.5209: the middle of the
# flat top.
ARGUMENT_THRESHOLDS = {"actor_floor": 0.12, "actor_floor_subject": 0.2, "participant": 0.45, "participant_nominal": 0.7,
                       "participant_adjective": 0.7, "participant_earlier": 0.25, "participant_pronoun": 0.45,
                       "place": 0.4, "time": 0.2}


@dataclass
class Examples:
    trigger_rows: list[dict] = field(default_factory=list)
    trigger_vectors: list[np.ndarray] = field(default_factory=list)
    trigger_labels: list[int] = field(default_factory=list)
    trigger_documents: list[int] = field(default_factory=list)
    trigger_inside: list[int] = field(default_factory=list)     # the token lies in a gold trigger span
    # Sentences for the sequence labeller: CRFsuite attributes and H / I / O labels of every token,
    # the document of each, and (sentence, token position) of each trigger row.
    sequences: list[list[list[str]]] = field(default_factory=list)
    sequence_labels: list[list[str]] = field(default_factory=list)
    sequence_documents: list[int] = field(default_factory=list)
    trigger_positions: list[tuple[int, int]] = field(default_factory=list)
    trigger_heads: list[int | None] = field(default_factory=list)   # position of the row's syntactic head
    argument_rows: list[dict] = field(default_factory=list)
    argument_labels: list[int] = field(default_factory=list)


def _overlaps(a_start, a_stop, b_start, b_stop) -> int:
    return max(0, min(a_stop, b_stop) - max(a_start, b_start))


def gold_heads(tree: SentenceTree, gold_events: list[dict]) -> dict[str, dict]:
    """Token id of each gold trigger's syntactic head (among candidate-POS tokens) -> the event."""
    heads = {}
    for event in gold_events:
        head = tree.span_head(event["trigger"]["start"], event["trigger"]["stop"])
        if head is not None:
            heads.setdefault(head.id, event)
    return heads


@functools.cache
def _dates_extractor():
    from natasha import DatesExtractor, MorphVocab

    return DatesExtractor(MorphVocab())


def sentence_times(doc, dates_extractor=None) -> list[tuple[list, list[dict]]]:
    """Per sentence: its resolved date expressions and its time spans (timing.time_spans), as the
    extractor sees them for an article with no publication date (NEREL has none)."""
    sentences = list(doc.sents)
    resolved, _ = article_dates([(i, s.start, s.text) for i, s in enumerate(sentences)],
                                dates_extractor or _dates_extractor(), None)
    out = []
    for i, sentence in enumerate(sentences):
        dates = [d for d in resolved if d.mention.sentence_index == i]
        out.append((dates, time_spans(sentence.start, sentence.text, dates)))
    return out


def document_examples(parsed: dict, lexicon: Lexicon, embedding, examples: Examples,
                      lexicon_index=None, document: int = 0, arguments: bool = True) -> None:
    """Add one parsed NEREL document's trigger and (unless arguments=False) argument examples."""
    gold, doc, mentions = parsed["gold"], parsed["doc"], parsed["mentions"]
    times = sentence_times(doc) if arguments else None
    entities = {e["id"]: e for e in gold["entities"]}
    lexicon_index = lexicon_index or lexicon_vectors(embedding)
    by_sentence = defaultdict(list)
    for mention in mentions:
        by_sentence[mention["sentence_index"]].append(mention)
    people = article_people(doc, mentions)
    document_lemmas = document_context(doc)
    for index, sentence in enumerate(doc.sents):
        tree = people.trees[index]
        sentence_gold = [e for e in gold["events"]
                         if _overlaps(e["trigger"]["start"], e["trigger"]["stop"], sentence.start, sentence.stop)]
        heads = gold_heads(tree, sentence_gold)
        rule_triggers = find_triggers(tree, lexicon)
        tokens, rows, owner = trigger_candidates(tree, rule_triggers, by_sentence[index], lexicon, document_lemmas)
        inside = set()
        for event in sentence_gold:
            t = event["trigger"]
            inside.update(tok.id for tok in tree.tokens if _overlaps(tok.start, tok.stop, t["start"], t["stop"]))
        examples.sequences.append(sequence_features(tree, owner, lexicon))
        examples.sequence_labels.append([SEQUENCE_HEAD if t.id in heads else "I" if t.id in inside else "O"
                                         for t in tree.tokens])
        examples.sequence_documents.append(document)
        position_of = {t.id: i for i, t in enumerate(tree.tokens)}
        for token, row in zip(tokens, rows):
            examples.trigger_positions.append((len(examples.sequences) - 1, position_of[token.id]))
            examples.trigger_heads.append(position_of.get(token.head_id))
            examples.trigger_rows.append(row)
            examples.trigger_vectors.append(lemma_vector(embedding, token.lemma))
            examples.trigger_labels.append(int(token.id in heads))
            examples.trigger_documents.append(document)
            examples.trigger_inside.append(int(token.id in inside))
        if not arguments:
            continue
        index_of = MentionIndex(by_sentence[index], index, people)
        for head_id, event in heads.items():
            token = tree.by_id[head_id]
            trigger = owner.get(head_id) or Trigger([token], type_for(token.lemma, lexicon, embedding, lexicon_index))
            rule_arguments = event_arguments(tree, trigger, index_of, "train", "train")
            dates, spans = times[index]
            date = choose_date(tree, trigger, dates)
            if date is not None:
                rule_arguments.append({"role": "time", "start": date.mention.start, "stop": date.mention.stop})
            candidates, arg_rows = argument_candidates(tree, trigger, by_sentence[index], rule_arguments, index_of,
                                                       embedding, spans)
            gold_arguments = [(GOLD_ROLE_CLASS[key], entities[eid]) for key in GOLD_ROLE_CLASS
                              for eid in event.get(key) or [] if eid in entities]
            for mention, row in zip(candidates, arg_rows):
                best, role = 0, "none"
                for role_class, entity in gold_arguments:
                    size = _overlaps(mention["start"], mention["stop"], entity["start"], entity["stop"])
                    # a time candidate learns the time class only, any other candidate the others
                    if size > best and role_class in ARGUMENT_ROLES and (role_class == "time") == (row["kind"] == "time"):
                        best, role = size, role_class
                examples.argument_rows.append(row)
                examples.argument_labels.append(ARGUMENT_ROLES.index(role))


def build_examples(parsed_docs: list[dict], lexicon: Lexicon, embedding, arguments: bool = True) -> Examples:
    examples = Examples()
    lexicon_index = lexicon_vectors(embedding)
    for document, parsed in enumerate(parsed_docs):
        document_examples(parsed, lexicon, embedding, examples, lexicon_index, document, arguments)
    return examples


RATE_FOLDS = 5


def lemma_rates(rows: list[dict], labels: list[int], inside: list[int]) -> dict[str, list[int]]:
    """lemma, and lemma + POS -> [times a trigger head, occurrences, times inside a trigger span]."""
    rates: dict[str, list[int]] = {}
    for row, label, within in zip(rows, labels, inside):
        for key in (row["lemma"], row["lemma_pos"]):
            counts = rates.setdefault(key, [0, 0, 0])
            counts[0] += label
            counts[1] += 1
            counts[2] += within
    return dict(sorted(rates.items()))


def document_folds(documents: list[int]):
    """(positions in the fold, positions in the others) for each of the RATE_FOLDS folds of
    documents: the out-of-fold features (rates, navec prior, sequence marginals) share them."""
    for fold in range(RATE_FOLDS):
        yield ([i for i, d in enumerate(documents) if d % RATE_FOLDS == fold],
               [i for i, d in enumerate(documents) if d % RATE_FOLDS != fold])


def rated_rows(rows: list[dict], labels: list[int], documents: list[int], in_span: list[int]) -> list[dict]:
    """Training rows with lemma rates counted on the other folds of documents, so that a row's
    own label does not leak into its feature (the model file keeps the rates of all of train)."""
    out = [None] * len(rows)
    for inside, outside in document_folds(documents):
        rates = lemma_rates([rows[i] for i in outside], [labels[i] for i in outside], [in_span[i] for i in outside])
        for i, row in zip(inside, with_rates([rows[i] for i in inside], rates)):
            out[i] = row
    return out


def fit_lemma_prior(lemmas: list[str], vectors: np.ndarray, labels: list[int]) -> tuple[np.ndarray, float]:
    """(coefficients, intercept) of the navec prior fitted on these candidates: one weighted pair
    of samples per lemma navec knows (the rate as positive weight, its complement as negative).
    Newton's method, a handful of 301 x 301 solves: deterministic, and no scikit-learn to train."""
    counts: dict[str, list] = {}
    for i, (lemma, label) in enumerate(zip(lemmas, labels)):
        entry = counts.get(lemma)
        if entry is None:
            if np.isnan(vectors[i]).any():
                continue
            entry = counts[lemma] = [i, 0, 0]
        entry[1] += label
        entry[2] += 1
    keys = sorted(counts)
    if not keys:
        return np.zeros(vectors.shape[1] if vectors.ndim == 2 else EMBEDDING_DIM), 0.0
    matrix = np.array([vectors[counts[k][0]] for k in keys], dtype=np.float64)
    events = np.array([counts[k][1] for k in keys], dtype=np.float64)
    seen = np.array([counts[k][2] for k in keys], dtype=np.float64)
    pseudo_events, pseudo_seen = PRIOR_SMOOTHING
    rate = (events + pseudo_events) / (seen + pseudo_seen)
    weight = np.log1p(seen)
    return logistic_regression(np.vstack([matrix, matrix]), np.r_[np.ones(len(keys)), np.zeros(len(keys))],
                               np.r_[rate * weight, (1 - rate) * weight], PRIOR_L2)


def logistic_regression(matrix: np.ndarray, targets: np.ndarray, weights: np.ndarray, l2: float,
                        iterations: int = 50) -> tuple[np.ndarray, float]:
    """Weighted logistic regression with an L2 penalty on the coefficients (not the intercept):
    the minimum scikit-learn's LogisticRegression(C=1 / l2) finds, by Newton's method."""
    design = np.hstack([matrix, np.ones((len(matrix), 1))])
    beta = np.zeros(design.shape[1])
    penalty = np.full(design.shape[1], l2)
    penalty[-1] = 0.0
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-(design @ beta)))
        gradient = design.T @ (weights * (p - targets)) + penalty * beta
        hessian = (design * (weights * p * (1 - p))[:, None]).T @ design + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if np.abs(step).max() < 1e-10:
            break
    return beta[:-1], float(beta[-1])


def prior_rows(rows: list[dict], vectors: np.ndarray, labels: list[int], documents: list[int]) -> list[dict]:
    """Training rows with the navec prior of a regression fitted on the other folds of documents
    (the lemma rates' folds), as the rates are, so the booster learns how far to trust it."""
    out = [dict(row) for row in rows]
    lemmas = [row["lemma"] for row in rows]
    for held, others in document_folds(documents):
        if not held:
            continue
        if not others:
            for i in held:
                out[i]["lemma_prior"] = float("nan")
            continue
        prior = fit_lemma_prior([lemmas[i] for i in others], vectors[others], [labels[i] for i in others])
        for i, score in zip(held, lemma_prior_scores(prior, vectors[held])):
            out[i]["lemma_prior"] = float(score)
    return out


def build_vocab(rows: list[dict], categorical: tuple[str, ...]) -> dict[str, dict[str, int]]:
    """Each categorical feature's values seen at least MIN_VALUE_COUNT times, indexed in sorted order."""
    vocab = {}
    for name in categorical:
        counts = Counter(row[name] for row in rows)
        values = sorted(v for v, n in counts.items() if n >= MIN_VALUE_COUNT)
        vocab[name] = {value: i for i, value in enumerate(values)}
    return vocab


def lightgbm_params(params: dict, objective: str, num_class: int | None = None) -> dict:
    """Deterministic training: one thread, fixed seeds, row-wise histograms."""
    out = {"objective": objective, "verbosity": -1, "num_threads": 1, "deterministic": True,
           "force_row_wise": True, "seed": SEED, "bagging_seed": SEED, "feature_fraction_seed": SEED,
           "data_random_seed": SEED, **params}
    if num_class:
        out["num_class"] = num_class
    return out


def train_booster(matrix: np.ndarray, labels: list[int], features: list[str], categorical: list[str],
                  params: dict, rounds: int):
    import lightgbm

    names = [name.replace(":", "_") for name in features] + [f"emb{i}" for i in range(matrix.shape[1] - len(features))]
    dataset = lightgbm.Dataset(matrix, label=np.array(labels), feature_name=names,
                               categorical_feature=[c.replace(":", "_") for c in categorical], free_raw_data=False,
                               params={"verbosity": -1, "max_bin": 63})
    return lightgbm.train(params, dataset, num_boost_round=rounds)


def train_sequence(sequences: list, labels: list, params: dict | None = None) -> bytes:
    """A CRFsuite model file (bytes) trained on the sentences; deterministic (L-BFGS, one thread)."""
    import tempfile
    from pathlib import Path

    import pycrfsuite

    params = dict(params or SEQUENCE_PARAMS)
    trainer = pycrfsuite.Trainer(algorithm=params.pop("algorithm", "lbfgs"), verbose=False)
    for features, tags in zip(sequences, labels):
        trainer.append(features, tags)
    trainer.set_params({"feature.possible_transitions": True, **params})
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "sequence.crfsuite"
        trainer.train(str(path))
        return path.read_bytes()


def sequence_rows(rows: list[dict], examples: Examples, params: dict | None = None) -> list[dict]:
    """Rows with the sequence labeller's marginals (learned.sequence_row), from a CRF trained on
    the other folds of documents (the same folds as the lemma rates), so the booster learns how
    far to trust it."""
    out = [dict(row) for row in rows]
    for held, others in document_folds(examples.sequence_documents):
        if not held:
            continue
        tagger = sequence_tagger(train_sequence([examples.sequences[i] for i in others],
                                                [examples.sequence_labels[i] for i in others], params)) \
            if others else None
        add_sequence_scores(out, examples, tagger, held)
    return out


def add_sequence_scores(rows: list[dict], examples: Examples, tagger, sentences: list[int] | None = None) -> list[dict]:
    """Sets the tagger's marginals on the trigger rows of these sentences (every one by default),
    as learned.sequence_row does at extraction."""
    held = range(len(examples.sequences)) if sentences is None else sentences
    scores = {i: sequence_scores(tagger, examples.sequences[i]) for i in held}
    for r, (sentence, position) in enumerate(examples.trigger_positions):
        if sentence in scores:
            head = examples.trigger_heads[r]
            own, up = scores[sentence][position], scores[sentence][head] if head is not None else (0.0, 0.0)
            rows[r].update({"sequence_head": own[0], "sequence_inside": own[1], "sequence_head_up": up[0]})
    return rows
