"""Trigger model variants trained on NEREL train, scored on NEREL dev through the whole extractor.

    PYTHONPATH=. python bench/trigger_select.py [VARIANT ...]

Each variant changes the features left out, LightGBM's parameters, rounds or the threshold of
tasks/nlp/events/training.py; the argument model stays the committed one. Prints dev trigger and
argument P/R/F1 per variant and threshold (the selection of training.py's constants: on dev only).
Parses come from flows/maintain/train_events.py's cache.
"""
from __future__ import annotations

import dataclasses
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tasks.nlp.events import training as t

NEW = ("lemma_pos_rate", "lemma_in_span_rate", "rate_-2", "rate_-1", "rate_+1", "rate_+2",
       "pos_-2", "pos_-1", "pos_+1", "pos_+2", "suffix", "sentence_index", "doc_lemma_count", "doc_lemma_before")
BASE_UNUSED = t.TRIGGER_UNUSED
VARIANTS = {
    "before": {"unused": BASE_UNUSED + NEW},
    "all": {},
    "no_context_rates": {"unused": BASE_UNUSED + ("rate_-2", "rate_-1", "rate_+1", "rate_+2")},
    "no_context_pos": {"unused": BASE_UNUSED + ("pos_-2", "pos_-1", "pos_+1", "pos_+2")},
    "no_span_rates": {"unused": BASE_UNUSED + ("lemma_pos_rate", "lemma_in_span_rate")},
    "leaves15": {"params": {**t.TRIGGER_PARAMS, "num_leaves": 15}},
    "leaves63": {"params": {**t.TRIGGER_PARAMS, "num_leaves": 63}},
    "min50": {"params": {**t.TRIGGER_PARAMS, "min_data_in_leaf": 50}},
    "ff03": {"params": {**t.TRIGGER_PARAMS, "feature_fraction": 0.3}},
    "ff08": {"params": {**t.TRIGGER_PARAMS, "feature_fraction": 0.8}},
    "rounds250": {"rounds": 250},
    "rounds700": {"rounds": 700},
    "no_span_negatives": {"span_negatives": False},
    "statements_03": {"statement_event": 0.3},
    "no_document": {"statement_event": 0.3, "unused": BASE_UNUSED + ("sentence_index", "doc_lemma_count",
                                                                     "doc_lemma_before")},
    "statements_05": {"statement_event": 0.5},
}
THRESHOLDS = tuple(float(x) for x in os.environ.get("TRIGGER_THRESHOLDS", "0.15 0.2 0.25").split())


def main(argv: list[str]) -> int:
    from flows.maintain.train_events import parse_corpus, score_dev, train_trigger_model
    from tasks.nlp.events.learned import load_model
    from tasks.nlp.events.lexicon import load_lexicon
    from tasks.nlp.models import load_models

    models = load_models()
    train = parse_corpus(Path("/work/shared/corpora/nerel_train.jsonl"))
    dev = parse_corpus(Path("/work/shared/corpora/nerel_dev.jsonl"))
    examples = t.build_examples(train, load_lexicon(), models.embedding, arguments=False)
    for name in argv or list(VARIANTS):
        began = time.process_time()
        options = dict(VARIANTS[name])
        statement_event = options.pop("statement_event", None)
        with tempfile.TemporaryDirectory() as tmp:
            train_trigger_model(train, Path(tmp), models.embedding, examples, **options)
            model = load_model(Path(tmp) / "triggers.json")
        seconds = time.process_time() - began
        for threshold in THRESHOLDS:
            model.thresholds = {"event": threshold}
            if statement_event is not None:
                model.thresholds["statement_event"] = statement_event
            scored = score_dev(dev, dataclasses.replace(models, events=dataclasses.replace(models.events,
                                                                                           triggers=model)))
            tr, ar = scored["triggers"], scored["arguments"]
            print(f"{name:18s} th {threshold:.2f}  triggers {tr['precision']:.3f} {tr['recall']:.3f} {tr['f1']:.3f}"
                  f"  arguments {ar['precision']:.3f} {ar['recall']:.3f} {ar['f1']:.3f}  (train {seconds:.0f}s)",
                  flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
