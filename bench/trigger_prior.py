"""The navec prior of the trigger model (training.TRIGGER_PRIOR) on and off, per LightGBM seed.

    PYTHONPATH=. [TRIGGER_THRESHOLDS="0.25 0.3 0.35"] python bench/trigger_prior.py [--seeds 13 14 15]

Each seed trains the trigger model on NEREL train twice, without and with the prior (an L2
logistic regression over the lemma's navec vector, training.fit_lemma_prior), and scores the
extractor on NEREL dev with each (the argument model stays the committed one). One seed moves dev
F1 by about +-0.005, so a change is read over several. Parses come from
flows/maintain/train_events.py's cache.

Measured on 7 Dec (extractor 2025.12.24, 93,016 train candidates), dev triggers F1 at 0.25 / 0.3 /
0.35 (P / R at 0.3), arguments F1 at 0.3:
  seed 13  without 0.694 / 0.695 / 0.697 (0.755 / 0.644)  args 0.560
           with    0.701 / 0.707 / 0.697 (0.756 / 0.665)  args 0.566
  seed 14  without 0.696 / 0.691 / 0.690 (0.743 / 0.646)  args 0.557
           with    0.704 / 0.699 / 0.698 (0.751 / 0.653)  args 0.557
  seed 15  without 0.691 / 0.693 / 0.692 (0.752 / 0.642)  args 0.563
           with    0.702 / 0.703 / 0.696 (0.754 / 0.659)  args 0.566
Variants (experiment code, not kept): the prior of the syntactic head's lemma as well 0.696 /
0.699 / 0.696 (seeds 13 / 14 / 15 at 0.3); instead of the regression, the cosine-weighted mean
rate of the lemma's 10 nearest train lemmas 0.704 (seed 13).
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from trigger_select import parsed_train_dev, print_dev_scores

from tasks.nlp.events import training as t

THRESHOLDS = tuple(float(x) for x in os.environ.get("TRIGGER_THRESHOLDS", "0.25 0.3 0.35").split())


def main(argv=None) -> int:
    from flows.maintain.train_events import train_trigger_model
    from tasks.nlp.events.learned import load_model

    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, nargs="+", default=[t.SEED])
    args = parser.parse_args(argv)
    models, train, dev, examples = parsed_train_dev()
    for seed in args.seeds:
        t.SEED = seed
        for prior in (False, True):
            t.TRIGGER_PRIOR = prior
            began = time.process_time()
            with tempfile.TemporaryDirectory() as tmp:
                train_trigger_model(train, Path(tmp), models.embedding, examples)
                model = load_model(Path(tmp) / "triggers.json")
            name = f"seed {seed} {'with' if prior else 'without'}"
            print_dev_scores(name, model, models, dev, THRESHOLDS, time.process_time() - began)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
