"""Wiktionary's Russian wordnet (wiki-ru-wordnet) as trigger features, trained on NEREL train, scored on dev.

    pip install wiki-ru-wordnet
    PYTHONPATH=.:bench [TRIGGER_THRESHOLDS="0.25 0.3 0.35"] python bench/trigger_wordnet.py [VARIANT[@SEED] ...]

Train never marks some event nouns ("пандемия", "свидание"), so their lemma rates are the prior.
The wordnet places many of them under hypernyms whose other hyponyms train does mark
("пандемия" -> "эпидемия" -> "бедствие"). Each hypernym synset within DEPTH levels of the
lemma's synsets gets its own rate, counted like the lemma rates: out of fold on train, and over
all of train for dev. A candidate gets features for the hypernyms of its lemma:
  hyper_rate_max   the highest smoothed rate
  hyper_rate_pool  the pooled rate (summed trigger heads / summed occurrences)
  hyper_count      how many hypernyms the lemma has (0: not in the wordnet)
Variants: base (committed features), wordnet (depth 3), wordnet2 / wordnet4 (depth 2 / 4).
The feature rows are patched in through training.lemma_rates and learned.with_rates, so the
extractor reads them as the product would.

Measured on 5 Dec (committed features and constants, seed 13; dev triggers P / R / F1 at 0.25 / 0.3 / 0.35):
  base      0.723 / 0.670 / 0.696,  0.757 / 0.653 / 0.702,  0.785 / 0.610 / 0.686  (the committed model)
  wordnet   0.717 / 0.677 / 0.697,  0.754 / 0.655 / 0.701,  0.779 / 0.618 / 0.689
Dev arguments at 0.3: 0.603 / 0.519 / 0.558 and 0.608 / 0.516 / 0.558. Within the seed spread
(+-0.005): the hypernyms tell the booster nothing the lemma's navec vector did not. Not kept;
wiki-ru-wordnet is not a dependency. About 5 min per variant on 2 cores.
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from functools import cache, lru_cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from trigger_select import parsed_train_dev, print_dev_scores

from tasks.nlp.events import learned
from tasks.nlp.events import training as t

THRESHOLDS = tuple(float(x) for x in os.environ.get("TRIGGER_THRESHOLDS", "0.25 0.3 0.35").split())
PRIOR = learned.RATE_PRIOR   # the lemma rates' smoothing, for the hypernym rates too
HYPER = "\t^"                # key prefix of a hypernym's rate; the tab keeps it out of unscored_lemmas
DEPTHS = {"base": 0, "wordnet": 3, "wordnet2": 2, "wordnet4": 4, "wordnet1": 1}


@lru_cache(maxsize=1)
def wordnet():
    from wiki_ru_wordnet import WikiWordnet

    return WikiWordnet()


@cache
def hypernyms(lemma: str, depth: int) -> tuple[int, ...]:
    net = wordnet()
    frontier = set(net._synsetids_by_lemma.get(lemma.lower(), ()))
    seen: set[int] = set()
    for _ in range(depth):
        frontier = {h for s in frontier for h in net._hypersids_by_sid.get(s, ()) if h not in seen}
        seen |= frontier
    return tuple(sorted(seen))


def patch(depth: int) -> None:
    original_rates, original_with = PATCHED["lemma_rates"], PATCHED["with_rates"]
    if depth == 0:
        t.lemma_rates, t.with_rates, learned.with_rates = original_rates, original_with, original_with
        return

    def lemma_rates(rows, labels, inside):
        rates = original_rates(rows, labels, inside)
        for row, label, within in zip(rows, labels, inside):
            for sid in hypernyms(row["lemma"], depth):
                counts = rates.setdefault(f"{HYPER}{sid}", [0, 0, 0])
                counts[0] += label
                counts[1] += 1
                counts[2] += within
        return dict(sorted(rates.items()))

    def with_rates(rows, rates, overall=None):
        # the lemma rates' prior, without the hypernym keys (a model's own overall_rate counts them)
        overall = lemma_overall(rates)
        out = original_with(rows, rates, overall)
        for row in out:
            best, positive, count, n = overall, 0, 0, 0
            for sid in hypernyms(row["lemma"], depth):
                p, c = rates.get(f"{HYPER}{sid}", (0, 0))[:2]
                n += 1
                positive += p
                count += c
                best = max(best, (p + PRIOR * overall) / (c + PRIOR)) if c else best
            row["hyper_rate_max"] = best
            row["hyper_rate_pool"] = (positive + PRIOR * overall) / (count + PRIOR)
            row["hyper_count"] = float(n)
        return out

    t.lemma_rates, t.with_rates, learned.with_rates = lemma_rates, with_rates, with_rates


_OVERALL: dict[int, tuple[dict, float]] = {}


def lemma_overall(rates: dict) -> float:
    entry = _OVERALL.get(id(rates))
    if entry is None or entry[0] is not rates:
        entry = _OVERALL[id(rates)] = (rates, learned.overall_rate(
            {k: v for k, v in rates.items() if not k.startswith(HYPER)}))
    return entry[1]


PATCHED = {"lemma_rates": t.lemma_rates, "with_rates": learned.with_rates}


def main(argv: list[str]) -> int:
    from flows.maintain.train_events import train_trigger_model
    from tasks.nlp.events.learned import load_model

    models, train, dev, examples = parsed_train_dev()
    for spec in argv or ["base", "wordnet"]:
        name, _, seed = spec.partition("@")
        patch(DEPTHS[name])
        params = {**t.TRIGGER_PARAMS, **({"seed": int(seed), "bagging_seed": int(seed),
                                           "feature_fraction_seed": int(seed), "data_random_seed": int(seed)}
                                          if seed else {})}
        began = time.process_time()
        with tempfile.TemporaryDirectory() as tmp:
            train_trigger_model(train, Path(tmp), models.embedding, examples, params=params)
            model = load_model(Path(tmp) / "triggers.json")
        print_dev_scores(spec, model, models, dev, THRESHOLDS, time.process_time() - began)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
