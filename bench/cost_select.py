"""Fewer trees for the event models, and the trigger prefilter's count, selected on NEREL dev.

    PYTHONPATH=. python bench/cost_select.py arguments|triggers [VARIANT ...]
    PYTHONPATH=. python bench/cost_select.py skip
    PYTHONPATH=. python bench/cost_select.py earlier [THRESHOLD ...]
    PYTHONPATH=. python bench/cost_select.py early

`skip`: for each count N, the share of dev's trigger candidates whose lemma train saw at least N
times and never as a trigger head (learned.unscored_lemmas; rule triggers are always scored),
the highest score the committed model gives one of them and how many score >= 0.2 (the lowest
threshold: those would change the output), and how many gold heads are among them; then the same
for the candidates inside a named mention (training.TRIGGER_SKIP_IN_MENTION).
`earlier`: the committed role model with other `participant_earlier` thresholds (names of earlier
sentences, Lenta's lever), scored on dev and on Lenta.
`early`: LightGBM's prediction early stopping for the trigger model (learned.BINARY_EARLY_STOP) at
a few margins, on the candidates of NEREL train and dev the prefilter keeps: CPU against the full
prediction, decisions that change at 0.2 and 0.3, the largest change of a score.

Each variant sets LightGBM's learning rate and leaves (tasks/nlp/events/training.py's other
parameters stay); one model is trained per variant with the most rounds listed and cut at each
round count (a booster's first k trees are the model trained for k rounds). Each cut replaces the
committed model of its kind and the whole extractor is scored on dev (the other model stays the
committed one), with the CPU of its LightGBM prediction per row on dev's rows. Parses come from
flows/maintain/train_events.py's cache; selection is on dev only.
"""
from __future__ import annotations

import dataclasses
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from corpus import SHARED

from tasks.nlp.events import training as t

# name -> (learning rate, leaves, round counts)
ARGUMENT_VARIANTS = {
    "base": (0.05, 15, (300, 250, 200, 150)),
    "lr10": (0.1, 15, (150, 120, 100, 80, 60)),
    "lr10_leaves7": (0.1, 7, (200, 150, 100)),
    "lr15": (0.15, 15, (100, 80, 60, 40)),
    "lr15_leaves31": (0.15, 31, (80, 60, 40)),
}
TRIGGER_VARIANTS = {
    "base": (0.05, 15, (400, 300, 250, 200)),
    "lr10": (0.1, 15, (200, 150, 120, 100)),
    "lr15": (0.15, 15, (150, 120, 100, 80)),
}


def main(argv: list[str]) -> int:
    from flows.maintain.train_events import parse_corpus, score_dev, trigger_thresholds
    from tasks.nlp.events.learned import (
        ARGUMENT_CATEGORICAL,
        ARGUMENT_ROLES,
        MODELS_DIR,
        TRIGGER_CATEGORICAL,
        encode,
        load_event_models,
        save_model,
    )
    from tasks.nlp.events.lexicon import load_lexicon
    from tasks.nlp.models import load_models

    kind, names = argv[0], argv[1:]
    if kind == "skip":
        return skip_sweep()
    if kind == "early":
        return early_stop_sweep()
    if kind == "earlier":
        return earlier_sweep([float(x) for x in names] or [0.1, 0.15, 0.2, 0.25])
    variants = ARGUMENT_VARIANTS if kind == "arguments" else TRIGGER_VARIANTS
    models = load_models(events=False)
    train = parse_corpus(SHARED / "corpora" / "nerel_train.jsonl")
    dev = parse_corpus(SHARED / "corpora" / "nerel_dev.jsonl")
    examples = t.build_examples(train, load_lexicon(), models.embedding, arguments=kind == "arguments")
    dev_examples = t.build_examples(dev, load_lexicon(), models.embedding, arguments=kind == "arguments")
    if kind == "arguments":
        rows, labels, vectors = examples.argument_rows, examples.argument_labels, None
        features = list(rows[0])
        categorical = [f for f in features if f in ARGUMENT_CATEGORICAL]
        objective, num_class = "multiclass", len(ARGUMENT_ROLES)
        dev_rows, dev_vectors = dev_examples.argument_rows, None
    else:
        rows = t.rated_rows(examples.trigger_rows, examples.trigger_labels, examples.trigger_documents,
                            examples.trigger_inside)
        labels, vectors = examples.trigger_labels, np.array(examples.trigger_vectors)
        features = [f for f in rows[0] if f not in t.TRIGGER_UNUSED]
        categorical = [f for f in features if f in TRIGGER_CATEGORICAL]
        objective, num_class = "binary", None
        rates = t.lemma_rates(examples.trigger_rows, examples.trigger_labels, examples.trigger_inside)
        from tasks.nlp.events.learned import with_rates
        dev_rows, dev_vectors = with_rates(dev_examples.trigger_rows, rates), np.array(dev_examples.trigger_vectors)
    lenta = lenta_parsed(models) if kind == "arguments" else None
    vocab = t.build_vocab(rows, tuple(categorical))
    matrix = encode(rows, features, vocab, vectors)
    dev_matrix = encode(dev_rows, features, vocab, dev_vectors)
    params = t.TRIGGER_PARAMS if kind == "triggers" else t.ARGUMENT_PARAMS
    for name in names or list(variants):
        rate, leaves, cuts = variants[name]
        began = time.process_time()
        booster = t.train_booster(matrix, labels, features, categorical,
                                  t.lightgbm_params({**params, "learning_rate": rate, "num_leaves": leaves},
                                                    objective, num_class), max(cuts))
        trained = time.process_time() - began
        for rounds in cuts:
            with tempfile.TemporaryDirectory() as folder:
                folder = Path(folder)
                for other in ("triggers.json", "arguments.json"):
                    (folder / other).write_bytes((MODELS_DIR / other).read_bytes())
                text = booster.model_to_string(num_iteration=rounds)
                if kind == "arguments":
                    save_model(folder / "arguments.json", text, features, categorical, vocab, list(ARGUMENT_ROLES),
                               dict(t.ARGUMENT_THRESHOLDS), False)
                else:
                    save_model(folder / "triggers.json", text, features, categorical, vocab, ["none", "event"],
                               trigger_thresholds(), True, rates)
                learned = dataclasses.replace(models, events=load_event_models(
                    models.embedding, folder / "triggers.json", folder / "arguments.json"))
                scores = score_dev(dev, learned)
                share = lenta_share(lenta, learned) if lenta else None
                model = getattr(learned.events, kind)
                began = time.process_time()
                for _ in range(3):
                    model.booster.predict(dev_matrix, num_threads=1)
                per_row = (time.process_time() - began) / 3 / len(dev_matrix)
            print(json.dumps({"variant": name, "learning_rate": rate, "leaves": leaves, "rounds": rounds,
                              "trees": model.booster.num_trees(), "us_per_row": round(per_row * 1e6, 1),
                              "train_cpu_s": round(trained, 1),
                              "triggers": scores["triggers"], "arguments": scores["arguments"],
                              "lenta_linked": share}), flush=True)
    return 0


LENTA_ARTICLES = 400          # as bench/linked_participants.py


def lenta_parsed(models) -> list[tuple]:
    """The first Lenta articles annotated once, with their resolved mentions."""
    from corpus import LENTA_1000

    from tasks.nlp.annotate import annotate_many
    from tasks.nlp.entities import resolve_mentions, spans_to_mentions
    from tasks.nlp.extract import ANNOTATE_CHUNK

    with LENTA_1000.open(encoding="utf-8") as lines:
        texts = [line.strip() for line in lines if line.strip()][:LENTA_ARTICLES]
    docs = [doc for begin in range(0, len(texts), ANNOTATE_CHUNK)
            for doc in annotate_many(texts[begin:begin + ANNOTATE_CHUNK], models)]
    out = []
    for number, (text, doc) in enumerate(zip(texts, docs)):
        article = {"article_id": f"lenta-{number}", "text": text, "published_at": None, "title": None}
        mentions, _ = resolve_mentions(spans_to_mentions(doc, article["article_id"], models), models, doc.text)
        out.append((article, doc, mentions))
    return out


def lenta_share(lenta: list[tuple], models) -> float:
    """bench/linked_participants.py's share of events with a participant linked to an entity."""
    from linked_participants import linked_share

    from tasks.nlp.events.extract import extract_events

    events, arguments = [], []
    for article, doc, mentions in lenta:
        found, found_arguments, _ = extract_events(doc, article, mentions, models)
        events.extend(found)
        arguments.extend(found_arguments)
    share = linked_share(events, arguments)
    return round(share["linked"] / max(1, share["events"]), 4)


def earlier_sweep(thresholds: list[float]) -> int:
    from flows.maintain.train_events import parse_corpus, score_dev
    from tasks.nlp.models import load_models

    models = load_models()
    dev = parse_corpus(SHARED / "corpora" / "nerel_dev.jsonl")
    lenta = lenta_parsed(models)
    committed = dict(models.events.arguments.thresholds)
    for threshold in thresholds:
        models.events.arguments.thresholds = {**committed, "participant_earlier": threshold}
        scores = score_dev(dev, models)
        print(json.dumps({"participant_earlier": threshold, "arguments": scores["arguments"],
                          "triggers_f1": scores["triggers"]["f1"], "lenta_linked": lenta_share(lenta, models)}),
              flush=True)
    models.events.arguments.thresholds = committed
    return 0


def early_stop_sweep() -> int:
    from flows.maintain.train_events import parse_corpus
    from tasks.nlp.events.learned import lemma_vector, load_model_files
    from tasks.nlp.events.lexicon import load_lexicon
    from tasks.nlp.models import load_models

    models = load_models(events=False)
    triggers, _ = load_model_files()
    for name in ("nerel_train", "nerel_dev"):
        parsed = parse_corpus(SHARED / "corpora" / f"{name}.jsonl")
        examples = t.build_examples(parsed, load_lexicon(), models.embedding, arguments=False)
        rows = [row for row in examples.trigger_rows
                if row["lemma"] not in triggers.unscored_lemmas or row["rule_type"] != "<none>"]
        matrix = triggers.matrix(rows, np.array([lemma_vector(models.embedding, row["lemma"]) for row in rows]))
        began = time.process_time()
        full = triggers.booster.predict(matrix, num_threads=1)
        base = time.process_time() - began
        for margin in (8.0, 10.0, 12.0):
            began = time.process_time()
            early = triggers.booster.predict(matrix, num_threads=1, pred_early_stop=True, pred_early_stop_freq=10,
                                             pred_early_stop_margin=margin)
            spent = time.process_time() - began
            flips = [int(((full >= th) != (early >= th)).sum()) for th in (0.2, 0.3)]
            print(f"{name}: {len(rows)} candidates, margin {margin}: {spent / base:.2f} of the CPU, "
                  f"decisions changed at 0.2 / 0.3: {flips}, largest change {np.abs(full - early).max():.4f}")
    return 0


def skip_sweep() -> int:
    from flows.maintain.train_events import parse_corpus
    from tasks.nlp.events.learned import load_model_files, unscored_lemmas
    from tasks.nlp.events.lexicon import load_lexicon
    from tasks.nlp.models import load_models

    models = load_models(events=False)
    triggers, _ = load_model_files()
    dev = parse_corpus(SHARED / "corpora" / "nerel_dev.jsonl")
    examples = t.build_examples(dev, load_lexicon(), models.embedding, arguments=False)
    scores = triggers.predict(examples.trigger_rows, np.array(examples.trigger_vectors))[:, 1]
    labels = np.array(examples.trigger_labels)
    for seen in (3, 5, 8, 10, 15, 20):
        skipped = unscored_lemmas(triggers.rates, seen)
        mask = np.array([row["lemma"] in skipped and row["rule_type"] == "<none>" for row in examples.trigger_rows])
        print(f"seen >= {seen:2}: {mask.mean():.2f} of {len(mask)} dev candidates skipped, highest score "
              f"{scores[mask].max():.3f}, {(scores[mask] >= 0.2).sum()} scoring >= 0.2, "
              f"{labels[mask].sum()} of {labels.sum()} gold heads")
    skipped = unscored_lemmas(triggers.rates, t.TRIGGER_SKIP_SEEN)
    kept = np.array([row["lemma"] not in skipped or row["rule_type"] != "<none>" for row in examples.trigger_rows])
    inside = kept & np.array([row["in_mention"] == 1 and row["rule_type"] == "<none>" for row in examples.trigger_rows])
    print(f"of the {kept.sum()} kept at {t.TRIGGER_SKIP_SEEN}, {inside.sum()} lie inside a named mention: highest "
          f"score {scores[inside].max():.3f}, {(scores[inside] >= 0.2).sum()} scoring >= 0.2, "
          f"{labels[inside].sum()} gold heads")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
