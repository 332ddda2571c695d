"""Label cleaning for the trigger model: drop train's negatives that the other folds call events.

    PYTHONPATH=. python bench/trigger_cleaning.py [CUTOFF ...]

NEREL leaves some events unmarked in a document ("Майкл Джексон скончался" marked in one article
and not in another); such a negative teaches the booster that the word is no event. The trigger
rows of NEREL train are scored out of fold (5 folds by document, the committed features and
parameters); negatives scored at or above CUTOFF are left out of training (confident learning's
"prune by noise rate", Northcutt et al. 2021), and the cleaned model is scored on dev through the
whole extractor (the committed role model), at the trigger thresholds of bench/trigger_select.py.
Research: the product is unchanged.

Measured on 6 Dec (extractor 2025.12.17; the first rows retrain the committed configuration in
this harness). Dev triggers and arguments P / R / F1 at the trigger thresholds 0.25 / 0.3 / 0.35:
  committed           0.718 0.676 0.696 / 0.759 0.648 0.699 / 0.789 0.615 0.692;
                      arguments F1 0.560 / 0.569 / 0.555
  negatives >= 0.9 out (43 of 88,628)    triggers F1 0.698 / 0.697 / 0.699; arguments 0.561 / 0.564 / 0.564
  negatives >= 0.7 out (407)             triggers F1 0.696 / 0.695 / 0.689; arguments 0.566 / 0.568 / 0.559
  negatives >= 0.5 out (912)             triggers F1 0.690 / 0.685 / 0.686; arguments 0.559 / 0.560 / 0.556
Within retraining noise or below: the negatives the other folds call events are as often unmarked
on dev (NEREL marks particular events, and leaves some unmarked in dev too), so cleaning train
only moves the threshold. Not kept.
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from trigger_select import THRESHOLDS, parsed_train_dev, print_dev_scores

from tasks.nlp.events import training as t

FOLDS = 5


def main(argv: list[str]) -> int:
    from flows.maintain.train_events import train_trigger_model
    from tasks.nlp.events.learned import load_model

    cutoffs = [float(x) for x in argv] or [0.9, 0.7, 0.5]
    models, train, dev, examples = parsed_train_dev()
    real_train = t.train_booster
    captured = {}

    def capture(matrix, labels, features, categorical, params, rounds):
        captured.update(matrix=matrix, labels=np.array(labels), args=(features, categorical, params, rounds))
        return real_train(matrix, labels, features, categorical, params, rounds)

    t.train_booster = capture
    began = time.process_time()
    with tempfile.TemporaryDirectory() as tmp:
        train_trigger_model(train, Path(tmp), models.embedding, examples)
        base = load_model(Path(tmp) / "triggers.json")
    print_dev_scores("committed", base, models, dev, THRESHOLDS, time.process_time() - began)
    matrix, labels, args = captured["matrix"], captured["labels"], captured["args"]
    documents = np.array(examples.trigger_documents)
    oof = np.zeros(len(labels))
    for fold in range(FOLDS):
        held = documents % FOLDS == fold
        booster = real_train(matrix[~held], labels[~held].tolist(), *args)
        oof[held] = booster.predict(matrix[held])
        print(f"fold {fold} scored", file=sys.stderr, flush=True)
    for cutoff in cutoffs:
        keep = (labels == 1) | (oof < cutoff)
        print(f"cutoff {cutoff}: {int((~keep).sum())} of {int((labels == 0).sum())} negatives left out", flush=True)

        def cleaned(matrix_, labels_, *rest, keep=keep):
            return real_train(matrix_[keep], np.array(labels_)[keep].tolist(), *rest)

        t.train_booster = cleaned
        began = time.process_time()
        with tempfile.TemporaryDirectory() as tmp:
            train_trigger_model(train, Path(tmp), models.embedding, examples)
            model = load_model(Path(tmp) / "triggers.json")
        print_dev_scores(f"clean>={cutoff}", model, models, dev, THRESHOLDS, time.process_time() - began)
    t.train_booster = real_train
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
