"""Train the learned event models (triggers, argument roles) on NEREL train.

    python -m flows.maintain.train_events --nerel-train ../shared/corpora/nerel_train.jsonl \
        [--nerel-dev ../shared/corpora/nerel_dev.jsonl] [--compare]

Parses the corpus with the product's Natasha pipeline (cached under bench/out/train_events/,
since parsing takes minutes), builds the features of tasks/nlp/events/learned.py, trains both
models with LightGBM (one thread, fixed seed, deterministic: the same data gives the same files)
and writes tasks/nlp/events/models/{triggers,arguments}.json. With --nerel-dev it scores the
extractor on dev with the rules alone and with the models, and writes the data card
tasks/nlp/events/models/CARD.md; --compare also scores a scikit-learn logistic regression on
the same features (classifier level, dev), the alternative the library was chosen against.
Hyperparameters and thresholds are constants in tasks/nlp/events/training.py, selected on dev
(two of them on train out of fold).
"""
from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import pickle
import sys
from collections import Counter
from pathlib import Path

import numpy as np

from tasks.settings import EXTRACTOR_VERSION, PROJECT_ROOT

CACHE_DIR = PROJECT_ROOT / "bench" / "out" / "train_events"


def parse_corpus(path: Path, cache_dir: Path = CACHE_DIR, limit: int | None = None, models=None) -> list[dict]:
    """Every document of a NEREL file with its Natasha parse and resolved mentions (cached)."""
    path = Path(path)
    key = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    # the mentions are the extractor's: another version parses again
    cache = Path(cache_dir) / f"{path.stem}-{key}-{limit}-{EXTRACTOR_VERSION}.pickle"
    if cache.exists():
        with cache.open("rb") as f:
            return pickle.load(f)
    from tasks.nlp.annotate import annotate_many
    from tasks.nlp.entities import resolve_mentions, spans_to_mentions
    from tasks.nlp.models import load_models
    from tasks.nlp.pool import one_math_thread

    models = models or load_models(events=False)
    golds = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()][:limit]
    parsed = []
    with one_math_thread():   # the parse of the extraction workers, on any machine (see main)
        for begin in range(0, len(golds), 16):
            part = golds[begin:begin + 16]
            for gold, doc in zip(part, annotate_many([g["text"] for g in part], models)):
                mentions, _ = resolve_mentions(spans_to_mentions(doc, str(gold["id"]), models), models, doc.text)
                parsed.append({"gold": gold, "doc": doc, "mentions": mentions})
            print(f"parsed {len(parsed)} of {len(golds)} documents of {path.name}", file=sys.stderr, flush=True)
    cache.parent.mkdir(parents=True, exist_ok=True)
    with cache.open("wb") as f:
        pickle.dump(parsed, f)
    return parsed


def train(parsed_train: list[dict], out_dir: Path, embedding) -> dict[str, str]:
    """Train both models on parsed documents; write them to out_dir; return {file name: sha256}."""
    from tasks.nlp.events import training as t
    from tasks.nlp.events.learned import ARGUMENT_ROLES
    from tasks.nlp.events.lexicon import load_lexicon

    examples = t.build_examples(parsed_train, load_lexicon(), embedding)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    hashes = {"triggers.json": train_trigger_model(parsed_train, out_dir, embedding, examples),
              "arguments.json": train_argument_model(examples.argument_rows, examples.argument_labels, out_dir)}
    print(f"trained on {len(parsed_train)} documents: {len(examples.trigger_rows)} trigger candidates "
          f"({sum(examples.trigger_labels)} positive), {len(examples.argument_rows)} argument pairs "
          f"({dict(Counter(ARGUMENT_ROLES[i] for i in examples.argument_labels))})", file=sys.stderr)
    return hashes


def train_argument_model(rows: list[dict], labels: list[int], out_dir: Path) -> str:
    """Train the role model on argument examples (out_dir/arguments.json); returns its sha256."""
    from tasks.nlp.events import training as t
    from tasks.nlp.events.learned import ARGUMENT_CATEGORICAL, ARGUMENT_ROLES, encode, save_model

    features = list(rows[0])
    categorical = [f for f in features if f in ARGUMENT_CATEGORICAL]
    vocab = t.build_vocab(rows, ARGUMENT_CATEGORICAL)
    booster = t.train_booster(encode(rows, features, vocab, None), labels, features, categorical,
                              t.lightgbm_params(t.ARGUMENT_PARAMS, "multiclass", len(ARGUMENT_ROLES)),
                              t.ARGUMENT_ROUNDS)
    return save_model(Path(out_dir) / "arguments.json", booster.model_to_string(), features, categorical, vocab,
                      list(ARGUMENT_ROLES), dict(t.ARGUMENT_THRESHOLDS), False)


def train_trigger_model(parsed_train: list[dict], out_dir: Path, embedding, examples=None,
                        params: dict | None = None, rounds: int | None = None,
                        unused: tuple[str, ...] | None = None, threshold: float | None = None,
                        span_negatives: bool | None = None, sequence: bool | None = None,
                        sequence_params: dict | None = None) -> str:
    """Train the trigger model (out_dir/triggers.json); returns its sha256. The keyword arguments
    override training.py's constants (bench/trigger_select.py tries alternatives with them)."""
    from tasks.nlp.events import training as t
    from tasks.nlp.events.learned import TRIGGER_CATEGORICAL, encode, save_model
    from tasks.nlp.events.lexicon import load_lexicon

    if examples is None:
        examples = t.build_examples(parsed_train, load_lexicon(), embedding, arguments=False)
    unused = t.TRIGGER_UNUSED if unused is None else unused
    rows = t.rated_rows(examples.trigger_rows, examples.trigger_labels, examples.trigger_documents,
                        examples.trigger_inside)
    sequence = t.TRIGGER_SEQUENCE if sequence is None else sequence
    if sequence:
        rows = t.sequence_rows(rows, examples, sequence_params)
    # one array of the navec vectors (float32, as navec keeps them) for the prior and the matrix
    labels, vectors = examples.trigger_labels, np.array(examples.trigger_vectors, dtype=np.float32)
    prior = None
    if t.TRIGGER_PRIOR and "lemma_prior" not in unused:
        rows = t.prior_rows(rows, vectors, labels, examples.trigger_documents)
        prior = t.fit_lemma_prior([row["lemma"] for row in examples.trigger_rows], vectors, labels)
    if not (t.TRIGGER_SPAN_NEGATIVES if span_negatives is None else span_negatives):
        keep = [i for i, (label, within) in enumerate(zip(labels, examples.trigger_inside)) if label or not within]
        rows, labels, vectors = [rows[i] for i in keep], [labels[i] for i in keep], vectors[keep]
    features = [f for f in rows[0] if f not in unused]
    categorical = [f for f in features if f in TRIGGER_CATEGORICAL]
    vocab = t.build_vocab(rows, tuple(categorical))
    matrix = encode(rows, features, vocab, vectors)
    booster = t.train_booster(matrix, labels, features, categorical,
                              t.lightgbm_params(params or t.TRIGGER_PARAMS, "binary"),
                              rounds or t.TRIGGER_ROUNDS)
    return save_model(Path(out_dir) / "triggers.json", booster.model_to_string(), features, categorical, vocab,
                      ["none", "event"], trigger_thresholds(threshold), True,
                      t.lemma_rates(examples.trigger_rows, examples.trigger_labels, examples.trigger_inside),
                      t.train_sequence(examples.sequences, examples.sequence_labels, sequence_params)
                      if sequence else None, prior)


def trigger_thresholds(threshold: float | None = None) -> dict[str, float]:
    from tasks.nlp.events import training as t

    return {"event": threshold or t.TRIGGER_THRESHOLD, "statement_event": t.TRIGGER_STATEMENT_EVENT,
            "skip_seen": t.TRIGGER_SKIP_SEEN, "skip_in_mention": float(t.TRIGGER_SKIP_IN_MENTION),
            "article_pull": t.TRIGGER_ARTICLE_PULL}


def score_dev(parsed_dev: list[dict], models) -> dict:
    """Event scores and per-type trigger precision of the extractor on parsed dev documents."""
    from tasks.evaluation.scoring import gold_events, greedy_match, predicted_events, score_events, score_roles
    from tasks.nlp.events.extract import extract_events

    documents, by_type = [], {}
    for parsed in parsed_dev:
        gold = parsed["gold"]
        article = {"article_id": str(gold["id"]), "text": gold["text"], "published_at": None}
        events, arguments, _ = extract_events(parsed["doc"], article, parsed["mentions"], models)
        predicted, golden = predicted_events(events, arguments), gold_events(gold)
        documents.append((predicted, golden))
        scored = [e for e in events if e["type"] != "statement"]
        matched = {pi for pi, _ in greedy_match([(p.start, p.stop) for p in predicted],
                                                [(g.start, g.stop) for g in golden])}
        for i, event in enumerate(scored):
            counts = by_type.setdefault(event["type"], [0, 0])
            counts[0] += 1
            counts[1] += i in matched
    scores = score_events(documents)
    return {"triggers": scores["triggers"].as_dict(), "arguments": scores["arguments"].as_dict(),
            "roles": {role: c.as_dict() for role, c in score_roles(documents).items()},
            "by_type": {k: {"predicted": v[0], "correct": v[1], "precision": round(v[1] / v[0], 4)}
                        for k, v in sorted(by_type.items())}}


def compare_libraries(parsed_train, parsed_dev, embedding) -> dict:
    """Classifier-level dev F1 (positive classes) of LightGBM and a logistic regression on the
    same feature rows; a binary model's threshold is the best of a grid on dev for each."""
    from scipy.sparse import csr_matrix, hstack
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score
    from sklearn.preprocessing import MaxAbsScaler

    from tasks.nlp.events import training as t
    from tasks.nlp.events.learned import (
        ARGUMENT_CATEGORICAL,
        ARGUMENT_ROLES,
        SEQUENCE_FEATURES,
        TRIGGER_CATEGORICAL,
        encode,
        sequence_scores,
        sequence_tagger,
        with_rates,
    )
    from tasks.nlp.events.lexicon import load_lexicon

    lexicon = load_lexicon()
    train_x, dev_x = t.build_examples(parsed_train, lexicon, embedding), t.build_examples(parsed_dev, lexicon, embedding)
    trigger_rows = t.rated_rows(train_x.trigger_rows, train_x.trigger_labels, train_x.trigger_documents,
                                train_x.trigger_inside)
    dev_trigger_rows = with_rates(dev_x.trigger_rows, t.lemma_rates(train_x.trigger_rows, train_x.trigger_labels,
                                                                     train_x.trigger_inside))
    out = {}
    for name, rows, dev_rows, labels, dev_labels, categorical, params, rounds, vectors in (
            ("triggers", trigger_rows, dev_trigger_rows, train_x.trigger_labels, dev_x.trigger_labels,
             TRIGGER_CATEGORICAL, t.lightgbm_params(t.TRIGGER_PARAMS, "binary"), t.TRIGGER_ROUNDS,
             (np.array(train_x.trigger_vectors), np.array(dev_x.trigger_vectors))),
            ("arguments", train_x.argument_rows, dev_x.argument_rows, train_x.argument_labels,
             dev_x.argument_labels, ARGUMENT_CATEGORICAL,
             t.lightgbm_params(t.ARGUMENT_PARAMS, "multiclass", len(ARGUMENT_ROLES)), t.ARGUMENT_ROUNDS, None)):
        features = [f for f in rows[0] if f not in t.TRIGGER_UNUSED] if name == "triggers" else list(rows[0])
        cats = [f for f in features if f in categorical]
        positive = [1] if name == "triggers" else list(range(1, len(ARGUMENT_ROLES)))

        def best_f1(scores, dev_labels=dev_labels, positive=positive):
            if scores.ndim == 2 and scores.shape[1] > 2:
                return f1_score(dev_labels, scores.argmax(axis=1), labels=positive, average="micro")
            scores = scores[:, 1] if scores.ndim == 2 else scores
            return max(f1_score(dev_labels, (scores >= th).astype(int), labels=positive, average="micro")
                       for th in np.arange(0.1, 0.65, 0.05))

        vocab = t.build_vocab(rows, tuple(cats))
        booster = t.train_booster(encode(rows, features, vocab, vectors[0] if vectors else None), labels,
                                  features, cats, params, rounds)
        out[f"{name} lightgbm"] = best_f1(booster.predict(encode(dev_rows, features, vocab,
                                                                 vectors[1] if vectors else None)))
        vectorizer = DictVectorizer()
        train_m = vectorizer.fit_transform([{f: row[f] for f in features} for row in rows])
        dev_m = vectorizer.transform([{f: row[f] for f in features} for row in dev_rows])
        if vectors:
            train_m = hstack([train_m, csr_matrix(np.nan_to_num(vectors[0]))]).tocsr()
            dev_m = hstack([dev_m, csr_matrix(np.nan_to_num(vectors[1]))]).tocsr()
        # A feature a row lacks (e.g. the navec cosine of a candidate that is no noun) is NaN,
        # which LightGBM takes as missing; the regression gets 0 for it.
        train_m.data = np.nan_to_num(train_m.data)
        dev_m.data = np.nan_to_num(dev_m.data)
        scaler = MaxAbsScaler().fit(train_m)
        regression = LogisticRegression(max_iter=2000, C=1.0, random_state=t.SEED)
        regression.fit(scaler.transform(train_m), labels)
        out[f"{name} logistic regression"] = best_f1(regression.predict_proba(scaler.transform(dev_m)))
        if name == "triggers":
            # The CRFsuite sequence labeller alone (its P(head) of each candidate), and stacked:
            # its out-of-fold marginals as three more booster features (training.TRIGGER_SEQUENCE).
            data = t.train_sequence(train_x.sequences, train_x.sequence_labels)
            tagger = sequence_tagger(data)
            marginals = [sequence_scores(tagger, features) for features in dev_x.sequences]
            out["triggers crfsuite"] = best_f1(np.array([marginals[s][i][0] for s, i in dev_x.trigger_positions]))
            stacked_dev = [{**row, "sequence_head": marginals[s][i][0], "sequence_inside": marginals[s][i][1],
                            "sequence_head_up": marginals[s][h][0] if h is not None else 0.0}
                           for row, (s, i), h in zip(dev_rows, dev_x.trigger_positions, dev_x.trigger_heads)]
            stacked = t.sequence_rows(rows, train_x)
            stacked_features = features + list(SEQUENCE_FEATURES)
            booster = t.train_booster(encode(stacked, stacked_features, vocab, vectors[0]), labels,
                                      stacked_features, cats, params, rounds)
            out["triggers lightgbm + crfsuite marginals"] = best_f1(booster.predict(
                encode(stacked_dev, stacked_features, vocab, vectors[1])))
    return {k: round(float(v), 4) for k, v in out.items()}


@dataclasses.dataclass
class SequenceOnly:
    """The CRF alone as a trigger model: its P(head) is the score (learned.learned_triggers); it
    scores every candidate (no prefilter) and takes no navec vectors."""
    sequence: object
    thresholds: dict
    embedding: bool = False
    unscored_lemmas: frozenset = frozenset()
    skips_mentions: bool = False

    def predict(self, rows, vectors=None):
        p = np.array([row["sequence_head"] for row in rows], dtype=float)
        return np.column_stack([1 - p, p])


def compare_trigger_models(parsed_train, parsed_dev, models) -> dict:
    """Pipeline-level dev scores (triggers, arguments) of the trigger model with LightGBM alone,
    the CRFsuite labeller alone and both stacked; the argument model stays the trained one."""
    import tempfile

    from tasks.nlp.events import training as t
    from tasks.nlp.events.learned import load_model, sequence_tagger
    from tasks.nlp.events.lexicon import load_lexicon

    examples = t.build_examples(parsed_train, load_lexicon(), models.embedding, arguments=False)
    candidates = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, sequence in (("lightgbm", False), ("lightgbm + crfsuite marginals", True)):
            train_trigger_model(parsed_train, Path(tmp), models.embedding, examples, sequence=sequence)
            candidates[name] = load_model(Path(tmp) / "triggers.json")
    candidates["crfsuite"] = SequenceOnly(sequence_tagger(t.train_sequence(examples.sequences,
                                                                            examples.sequence_labels)),
                                          trigger_thresholds())
    out = {}
    for name, model in candidates.items():
        scored = score_dev(parsed_dev, dataclasses.replace(models, events=dataclasses.replace(models.events,
                                                                                             triggers=model)))
        out[name] = {"triggers": scored["triggers"], "arguments": scored["arguments"]}
    return out


def main(argv: list[str] | None = None) -> int:
    from tasks.nlp.events.learned import MODELS_DIR
    from tasks.nlp.pool import one_math_thread

    parser = argparse.ArgumentParser(prog="python -m flows.maintain.train_events", description=__doc__.split("\n")[0])
    parser.add_argument("--nerel-train", required=True, type=Path, help="NEREL train JSONL")
    parser.add_argument("--nerel-dev", type=Path, help="NEREL dev JSONL: score before/after, write CARD.md")
    parser.add_argument("--out", type=Path, default=MODELS_DIR, help="where the model files go")
    parser.add_argument("--limit", type=int, default=None, help="train on the first N documents only")
    parser.add_argument("--compare", action="store_true", help="also score a logistic regression on dev")
    args = parser.parse_args(argv)
    for path in (args.nerel_train, args.nerel_dev):
        if path is not None and not path.is_file():
            print(f"train_events: no such file: {path}", file=sys.stderr)
            return 2
    # One BLAS thread, as in the extraction workers: slovnet's taggers multiply matrices whose sums
    # (and so a few tags in a thousand) differ with the thread count, so the parse, and the model
    # trained on it, would depend on the machine's cores.
    with one_math_thread():
        return _main(args)


def _main(args: argparse.Namespace) -> int:
    from tasks.nlp.events.learned import load_event_models
    from tasks.nlp.models import load_models

    models = load_models(events=False)
    parsed_train = parse_corpus(args.nerel_train, limit=args.limit)
    hashes = train(parsed_train, args.out, models.embedding)
    for name, digest in hashes.items():
        print(f"{args.out / name}  sha256 {digest}")
    if args.nerel_dev is not None:
        parsed_dev = parse_corpus(args.nerel_dev)
        before = score_dev(parsed_dev, models)
        learned = dataclasses.replace(models, events=load_event_models(
            models.embedding, args.out / "triggers.json", args.out / "arguments.json"))
        after = score_dev(parsed_dev, learned)
        comparison = compare_libraries(parsed_train, parsed_dev, models.embedding) if args.compare else None
        pipeline = compare_trigger_models(parsed_train, parsed_dev, learned) if args.compare else None
        report = {"before": before, "after": after, "hashes": hashes, "compare": comparison,
                  "compare_pipeline": pipeline}
        print(json.dumps(report, ensure_ascii=False, indent=1))
        (args.out / "CARD.md").write_text(data_card(report, args.nerel_train, args.nerel_dev, len(parsed_train)),
                                          encoding="utf-8")
    return 0


LIBRARY_CHOICE = (
    "LightGBM was kept: it scores higher on dev for both models, takes the categorical features "
    "(relations, paths, types) natively, trains deterministically on one thread in minutes, and "
    "its model is plain text inside the JSON file (nothing is unpickled at load time). For the "
    "triggers, a CRFsuite (python-crfsuite) sequence labeller alone scores below LightGBM on dev, "
    "but its marginals as booster features score above both, so the trigger file carries both: "
    "CRFsuite weighs each lemma and lemma pair on its own (the booster sees lemmas only through "
    "their rates) and its transitions see the neighbours' labels; it trains deterministically "
    "(L-BFGS) in seconds, and its model, base64 inside the JSON file, is read from bytes.")


def _score_row(name: str, scores: dict) -> str:
    return f"| {name} | {scores['precision']:.3f} | {scores['recall']:.3f} | {scores['f1']:.3f} |"


def data_card(report: dict, train_path: Path, dev_path: Path, documents: int) -> str:
    """CARD.md: what the models were trained on, how, and what they score on dev."""
    from tasks.nlp.events import training as t
    from tasks.nlp.events.learned import ARGUMENT_CATEGORICAL, TRIGGER_CATEGORICAL

    before, after = report["before"], report["after"]
    lines = [
        "# Event models: data card",
        "",
        ("Written by `python -m flows.maintain.train_events --nerel-train "
        f"{train_path.name} --nerel-dev {dev_path.name}{' --compare' if report['compare'] else ''}`."),
        "",
        "## Training data",
        (f"NEREL train (`{train_path.name}`, {documents} documents, sha256 "
        f"`{hashlib.sha256(train_path.read_bytes()).hexdigest()[:16]}`), parsed by the product's Natasha "
        "pipeline. Thresholds and hyperparameters (tasks/nlp/events/training.py) were selected on NEREL "
        f"dev (`{dev_path.name}`), `article_pull` and `actor_floor_subject` on NEREL train out of fold; "
        "nothing was fitted on dev."),
        "",
        "## Models",
        ("- `triggers.json`: LightGBM binary classifier over every NOUN / PROPN / VERB token; positive = "
        "the syntactic head of a gold trigger. Features: POS, morphology, dependency relation, head POS, "
        "children relations, entity mentions among the children, lexicon type, the rules' type, "
        "preposition, position, the POS of the two words either side, a deverbal noun suffix, smoothed "
        "rates in train (out-of-fold while training) of the lemma, the lemma + POS pair, the head's "
        "lemma and the four neighbours' lemmas as a trigger head and of the lemma inside any gold "
        "trigger span, the article's context (how often the lemma occurs in it and before the token, "
        "the sentence index), the 300-d navec "
        "vector of the lemma, the navec prior (`lemma_prior`: an L2 logistic regression over that "
        "vector, each lemma of train once with its smoothed trigger rate as the target, so that a lemma "
        "train saw rarely or never gets the rate of words of its meaning; out-of-fold while training, "
        "its coefficients stored in the same file), and three marginals of a CRFsuite sequence labeller stored in the same file "
        "(out-of-fold while training): the word's P(head) and P(inside a trigger span), its syntactic "
        "head's P(head). The labeller tags every word of a sentence H (head of a gold trigger), I (another "
        "word of its span) or O from the word's lemma, lemma pairs with its neighbours and its head, "
        "suffixes, tags, morphology, relations, the lemmas of its dependents, the lexicon's and the rules' "
        f"type (L-BFGS, {', '.join(f'{k} {v}' for k, v in t.SEQUENCE_PARAMS.items() if k != 'algorithm')}). "
        "Categorical: "
        f"{', '.join(c for c in TRIGGER_CATEGORICAL if c not in t.TRIGGER_UNUSED)}. "
        f"Thresholds {trigger_thresholds()}. The type comes from the taxonomy (rule trigger, lexicon, else "
        "the nearest lexicon lemma in navec space at cosine >= 0.5, else other); pattern phrases are "
        "kept, rule statements too unless the model scores them at least `statement_event` (then they "
        "take the nearest non-statement type). `bench/trigger_select.py` lists the variants tried on "
        "dev, `bench/trigger_errors.py` where the events are lost. A candidate whose lemma train saw "
        "at least `skip_seen` times and never as a trigger head gets no features and no prediction, "
        "nor (with `skip_in_mention`) a token inside a named mention (a rule trigger's token always "
        "is scored): the model scores such candidates far below its thresholds "
        "(`bench/cost_select.py skip`), and about 60 % of the candidates of news go. Before the "
        "decisions, each candidate's score moves `article_pull` of the way up toward the best score "
        "of its lemma elsewhere in the article (NEREL marks an event at each of its mentions; "
        "learned.pulled_by_article, the share chosen on train out of fold: `bench/trigger_oof.py --pulls`)."),
        ("- `arguments.json`: LightGBM multiclass (none / participant / place / time) over (trigger, "
        "candidate) pairs. Candidates: the entity mentions of the trigger's sentence, and beyond them "
        "(tasks/nlp/events/candidates.py; bench/argument_reach.py measures what they reach on train) "
        "nouns and adjectives near the trigger that are no named mention (a title noun resolved to "
        "the person the article gave it, a noun acting for a place - 'сборная Бразилии', "
        "'Израильское правительство' - to that place), pronouns resolved to the person before them, "
        "and, for a sentence naming no person or organisation, the last mention of each one named in "
        "the 3 sentences before; time candidates are the sentence's date expressions and time words "
        "('накануне', 'неделю назад', a bare year; tasks/nlp/events/timing.py, `bench/argument_reach.py "
        "--times`), one time per event at most, and the event date stays the rules' choice among the "
        "date expressions. Features: dependency path trigger -> candidate head, predicate -> "
        "candidate head and trigger -> the head of the candidate's phrase (through conjunctions and "
        "appositions), their lengths, signed and absolute distance, mention type, case, relation and "
        "preposition of the candidate's head word, trigger lemma, POS and type, the rules' role (the "
        "rules' date for a time), same clause, whether the candidate is the subject of a verb the "
        "trigger hangs below, the kind of candidate, the lemma of a noun, adjective or time word, "
        "animacy, whether it resolves to an entity, how often the article names that entity and "
        "whether it is the most named of its type, sentences back, whether the trigger's clause has a "
        "subject, the PER / ORG mentions of the trigger's sentence, the navec cosine of a noun's lemma "
        "with 'человек', 'организация' and 'город', a person's or organisation's rank among the "
        "trigger's candidates of those types (nearest in the tree first), the gap to the nearest other "
        "one and how many there are (learned.actor_ranks). A name conjoined to an accepted participant "
        "or place takes its role; an event left with no participant or target takes its named person "
        "or organisation scored likeliest as participant, if at least `actor_floor`, else the unnamed person "
        "noun that is its predicate's subject, if at least `actor_floor_subject` (learned.best_actor; that "
        "floor chosen on NEREL train out of fold, `bench/events_oof.py`). "
        f"Categorical: {', '.join(ARGUMENT_CATEGORICAL)}. Thresholds (per role, or role_kind) "
        f"{t.ARGUMENT_THRESHOLDS}: of a sweep on dev, of the settings within 0.001 of the best argument "
        "F1 that keep argument precision at least 0.58, the lowest (`bench/argument_thresholds.py`; "
        "the sweeps are in training.py)."),
        (f"- Training: LightGBM, one thread, seed {t.SEED}, deterministic=True, force_row_wise=True: "
        "the same data gives byte-identical files. Triggers: learning rate "
        f"{t.TRIGGER_PARAMS['learning_rate']}, {t.TRIGGER_ROUNDS} rounds; arguments: learning rate "
        f"{t.ARGUMENT_PARAMS['learning_rate']}, {t.ARGUMENT_ROUNDS} rounds of one tree per class (fewer trees for "
        "the same dev scores: `bench/cost_select.py`). Each model is called once per article; the "
        "trigger model with LightGBM's prediction early stopping (learned.BINARY_EARLY_STOP: no "
        "decision changes on train or dev)."),
        "",
        "## Dev scores (NEREL dev, the rule of ../shared/README.md)",
        "| system | P | R | F1 |",
        "|---|---|---|---|",
        _score_row("triggers, rules + lexicon", before["triggers"]),
        _score_row("triggers, learned", after["triggers"]),
        _score_row("arguments, rules", before["arguments"]),
        _score_row("arguments, learned", after["arguments"]),
        *(_score_row(f"arguments: {role}, learned", scores) for role, scores in after["roles"].items()),
        "",
        "### Trigger precision per type (learned, dev; statements are not scored)",
        "| type | predicted | correct | precision |",
        "|---|---|---|---|",
        *(f"| {k} | {v['predicted']} | {v['correct']} | {v['precision']:.3f} |" for k, v in after["by_type"].items()),
    ]
    if report["compare"]:
        lines += ["", "## Library choice (classifier-level F1 of the positive classes on dev, same features)",
                  "| model | F1 |", "|---|---|",
                  *(f"| {k} | {v:.3f} |" for k, v in report["compare"].items())]
        if report.get("compare_pipeline"):
            lines += ["", "Trigger models through the whole extractor (dev, the trained argument model):",
                      "| trigger model | triggers P | R | F1 | arguments P | R | F1 |", "|---|---|---|---|---|---|---|",
                      *(f"| {k} | {v['triggers']['precision']:.3f} | {v['triggers']['recall']:.3f} | "
                        f"{v['triggers']['f1']:.3f} | {v['arguments']['precision']:.3f} | "
                        f"{v['arguments']['recall']:.3f} | {v['arguments']['f1']:.3f} |"
                        for k, v in report["compare_pipeline"].items())]
        lines += ["", LIBRARY_CHOICE]
    lines += ["", "## Files", "| file | sha256 |", "|---|---|",
              *(f"| {name} | `{digest}` |" for name, digest in report["hashes"].items()), ""]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
