"""The trigger models side by side on NEREL dev, through the whole extractor: the LightGBM token
classifier, a CRFsuite sequence labeller alone (its P(head) as the score), and both stacked (the
CRF's out-of-fold P(head) as one more feature of the booster, training.py's TRIGGER_SEQUENCE).

    PYTHONPATH=. [TRIGGER_THRESHOLDS="0.25 0.3 0.35"] python bench/trigger_crf.py [VARIANT ...]

Everything is trained on NEREL train; dev only scores (the selection of training.py's constants).
The argument model stays the committed one. Parses come from flows/maintain/train_events.py's cache.

Measured on 5 Dec (dev triggers P / R / F1 at threshold 0.3, arguments F1; 15 leaves, 400 rounds):
  lightgbm (2025.12.3)                                  0.740 0.644 0.688  args 0.539  (0.688 at 0.25)
  crf alone, c1 0.1 c2 0.01, first attribute set        0.771 0.556 0.646  args 0.505  (0.649 at 0.25)
  stacked, P(head) only, c1 0.1 c2 0.01                 0.750 0.641 0.691  args 0.539
  stacked, + P(inside), head's P(head): c1 0.1 / 0.3 / 1.0 (c2 0.01)   0.690 / 0.697 / 0.688
      c1 0.3 c2 0.1                                     0.751 0.649 0.697  args 0.545
  + CRF attributes: tense, mood, det / nummod / advmod / aux:pass dependents, head relation,
    lemma + head lemma, lemma + next lemma (kept)       0.757 0.653 0.702  args 0.547
      thresholds 0.25 / 0.275 / 0.325: 0.696 / 0.699 / 0.697; crf alone 0.653 (0.647 at 0.35)
      600 rounds 0.695; feature_fraction 0.3 0.698; CRF c2 0.3 0.698 (5.3 MB)
  same model: statements turned events at 0.1 0.703 (0.2 kept); dependent nouns the model accepts
    at 0.3 / 0.5 / 0.7 kept apart from their host trigger 0.701 / 0.701 / 0.702 (merged, kept)
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

VARIANTS = {
    "lightgbm": {"sequence": False},
    "crf": {"crf_only": True},
    "stacked": {"sequence": True},
    "stacked_c1_03": {"sequence": True, "sequence_params": {**t.SEQUENCE_PARAMS, "c1": 0.3}},
    "stacked_c1_003": {"sequence": True, "sequence_params": {**t.SEQUENCE_PARAMS, "c1": 0.03}},
    "stacked_c2_01": {"sequence": True, "sequence_params": {**t.SEQUENCE_PARAMS, "c2": 0.1}},
    "stacked_it200": {"sequence": True, "sequence_params": {**t.SEQUENCE_PARAMS, "max_iterations": 200}},
    "stacked_c1_1": {"sequence": True, "sequence_params": {**t.SEQUENCE_PARAMS, "c1": 1.0}},
    "stacked_c1_03_c2_01": {"sequence": True, "sequence_params": {**t.SEQUENCE_PARAMS, "c1": 0.3, "c2": 0.1}},
    "stacked_c1_03_it50": {"sequence": True, "sequence_params": {**t.SEQUENCE_PARAMS, "c1": 0.3,
                                                                  "max_iterations": 50}},
    "stacked_rounds600": {"sequence": True, "rounds": 600},
    "stacked_leaves31": {"sequence": True, "params": {**t.TRIGGER_PARAMS, "num_leaves": 31}},
    "stacked_ff03": {"sequence": True, "params": {**t.TRIGGER_PARAMS, "feature_fraction": 0.3}},
    "stacked_c2_03": {"sequence": True, "sequence_params": {**t.SEQUENCE_PARAMS, "c2": 0.3}},
    "crf_c1_03": {"crf_only": True, "sequence_params": {**t.SEQUENCE_PARAMS, "c1": 0.3}},
}
THRESHOLDS = tuple(float(x) for x in os.environ.get("TRIGGER_THRESHOLDS", "0.25 0.3 0.35").split())


def main(argv: list[str]) -> int:
    from trigger_select import parsed_train_dev

    from flows.maintain.train_events import SequenceOnly, score_dev, train_trigger_model
    from tasks.nlp.events.learned import load_model, sequence_tagger

    models, train, dev, examples = parsed_train_dev()
    for name in argv or list(VARIANTS):
        began = time.process_time()
        options = dict(VARIANTS[name])
        if options.pop("crf_only", False):
            model = SequenceOnly(sequence_tagger(t.train_sequence(examples.sequences, examples.sequence_labels,
                                                                  options.get("sequence_params"))), {})
            size = 0
        else:
            with tempfile.TemporaryDirectory() as tmp:
                train_trigger_model(train, Path(tmp), models.embedding, examples, **options)
                model = load_model(Path(tmp) / "triggers.json")
                size = (Path(tmp) / "triggers.json").stat().st_size
        seconds = time.process_time() - began
        for threshold in THRESHOLDS:
            model.thresholds = {"event": threshold, "statement_event": t.TRIGGER_STATEMENT_EVENT}
            scored = score_dev(dev, dataclasses.replace(models, events=dataclasses.replace(models.events,
                                                                                           triggers=model)))
            tr, ar = scored["triggers"], scored["arguments"]
            print(f"{name:18s} th {threshold:.2f}  triggers {tr['precision']:.3f} {tr['recall']:.3f} {tr['f1']:.3f}"
                  f"  arguments {ar['precision']:.3f} {ar['recall']:.3f} {ar['f1']:.3f}  (train {seconds:.0f}s, "
                  f"{size / 1e6:.1f} MB)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
