"""Out-of-fold trigger F1 on NEREL train: the set to tune the trigger model on.

    PYTHONPATH=. python bench/trigger_oof.py [--params '{"lambda_l2": 5.0}'] [--rounds 400]
        [--seed 13] [--thresholds 0.25 0.3 0.35] [--pulls 0 0.1 0.2 0.3]

Trains the trigger model (flows/maintain/train_events.train_trigger_model, the committed
training.py settings with --params laid over training.TRIGGER_PARAMS) on 4/5 of NEREL train's
documents and runs the extractor's trigger decisions (learned.learned_triggers) on the held-out
fifth, five times, then prints precision, recall and F1 over the 4,759 gold events at each
threshold (the sentence-level matching of bench/trigger_errors.py). Dev is then the selection:
`khronika eval --nerel ../shared/corpora/nerel_dev.jsonl` with the retrained file. Two runs side
by side take about 20 minutes on this machine (five trainings each).

Measured on 7 Dec (extractor 2025.12.25's parses), F1 at 0.25 / 0.3 / 0.35:
  committed settings, seed 13  0.674 / 0.678 / 0.680   (P 0.665, R 0.692 at 0.3)
  committed settings, seed 14  0.674 / 0.678 / 0.675
  bagging_fraction 0.8 (bagging_freq 1), seed 13  0.674 / 0.677 / 0.676
  min_data_in_leaf 40, lambda_l2 5, seed 13  0.674 / 0.677 / 0.675
  context rates (experiment code, not kept), seed 13  0.679 / 0.679 / 0.679
                                             seed 14  0.680 / 0.682 / 0.681
On train one seed moves F1 by about 0.0005 at 0.3 (dev, a seventh the size, by up to 0.01). The
context rates (how often a candidate governed by a lemma, or with a dependent of that lemma, was a
trigger) gain +0.004 on train but not on dev: 0.694 / 0.700 / 0.697 at 0.3 for seeds 13 / 14 / 15
against the committed settings' 0.713 / 0.689 / 0.705 (bench/EVENTS.md).
The article pull (extractor 2025.12.26, learned.pulled_by_article), --pulls at threshold 0.3:
  0 0.6782, 0.1 0.6793, 0.15 0.6795, 0.2 0.6798 (kept), 0.25 0.6788, 0.3 0.6764, 0.4 0.6739,
  1.0 0.6644 (the lines above were measured before the pull, sentence by sentence).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from corpus import SHARED

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main(argv=None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", type=Path, default=SHARED / "corpora" / "nerel_train.jsonl")
    parser.add_argument("--params", default="{}", help="JSON laid over training.TRIGGER_PARAMS")
    parser.add_argument("--rounds", type=int)
    parser.add_argument("--seed", type=int)
    parser.add_argument("--thresholds", type=float, nargs="+", default=[0.25, 0.3, 0.35])
    parser.add_argument("--pulls", type=float, nargs="+",
                        help="article pulls to try (learned.pulled_by_article); default the training setting")
    parser.add_argument("--limit", type=int, help="the first documents only (a quick look)")
    args = parser.parse_args(argv)

    from tasks.nlp.events import training

    # train_trigger_model reads these module constants: the override is the experiment
    training.TRIGGER_PARAMS = {**training.TRIGGER_PARAMS, **json.loads(args.params)}
    training.TRIGGER_ROUNDS = args.rounds or training.TRIGGER_ROUNDS
    training.SEED = training.SEED if args.seed is None else args.seed

    from trigger_errors import analyse, oof_models, scores_line

    from flows.maintain.train_events import parse_corpus
    from tasks.nlp.events.learned import ARTICLE_PULL
    from tasks.nlp.models import load_models

    models = load_models()
    parsed = parse_corpus(args.corpus)[:args.limit]
    fold_models = oof_models(parsed, models.embedding)
    for pull in args.pulls or [training.TRIGGER_ARTICLE_PULL]:
        for threshold in args.thresholds:
            for model in fold_models.values():
                model.thresholds["event"] = threshold
                model.thresholds[ARTICLE_PULL] = pull
            counts = analyse(parsed, models, fold_models)[0]
            print(f"params {args.params} rounds {training.TRIGGER_ROUNDS} seed {training.SEED} pull {pull} "
                  f"threshold {threshold}: {scores_line(counts)} ({counts['matched']} of {counts['gold']} gold, "
                  f"{counts['predicted']} predicted)", flush=True)


if __name__ == "__main__":
    main()
