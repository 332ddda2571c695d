"""Trigger rates of a lemma's nearest navec neighbours as a trigger-model feature (experiment).

    PYTHONPATH=.:bench python bench/trigger_neighbours.py [K ...]

The booster reads a candidate's lemma through its smoothed trigger rate in train and its 300
navec dimensions; a rare or unseen lemma ("кинопоказ") gets the overall rate and dimensions the
trees split on poorly. This adds `neighbour_rate`: the trigger-head rate pooled over the K train
lemmas nearest to the candidate's lemma in navec space (the lemma itself left out), counted like
the lemma rates, on the other folds of documents while training. Trains on NEREL train and prints
dev scores through the whole extractor, as bench/trigger_select.py does; K 0 retrains the committed
configuration in the same harness (the baseline). Measured on 5 Dec (bench/EVENTS.md): dev trigger F1
at 0.3 0.702 (K 0), 0.704 (K 20), 0.707 (K 5); arguments 0.558, 0.554, 0.558. Not kept.
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from trigger_select import THRESHOLDS, parsed_train_dev, print_dev_scores

from tasks.nlp.events import learned, training

_plain_with_rates = learned.with_rates
_indexes: dict[int, tuple] = {}
EMBEDDING = None
K = 20


def _index(rates: dict) -> tuple:
    key = id(rates)
    if key not in _indexes:
        lemmas = [k for k, v in rates.items() if "\t" not in k and v[1] > 0]
        vectors = np.array([learned.lemma_vector(EMBEDDING, lemma) for lemma in lemmas], dtype=np.float32)
        known = ~np.isnan(vectors).any(axis=1)
        lemmas = [lemma for lemma, ok in zip(lemmas, known) if ok]
        vectors = vectors[known]
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9
        counts = np.array([rates[lemma][:2] for lemma in lemmas], dtype=np.float64)
        _indexes[key] = (lemmas, {lemma: i for i, lemma in enumerate(lemmas)}, vectors, counts, rates)
    return _indexes[key]


def neighbour_rates(queries: list[str], rates: dict, overall: float) -> dict[str, float]:
    _, position, vectors, counts, _ = _index(rates)
    out = {}
    unique = sorted(set(queries))
    q = np.array([learned.lemma_vector(EMBEDDING, lemma) for lemma in unique], dtype=np.float32)
    known = ~np.isnan(q).any(axis=1)
    for lemma, ok in zip(unique, known):
        if not ok:
            out[lemma] = float("nan")
    q_lemmas = [lemma for lemma, ok in zip(unique, known) if ok]
    if not q_lemmas:
        return out
    q = q[known]
    q /= np.linalg.norm(q, axis=1, keepdims=True) + 1e-9
    for start in range(0, len(q_lemmas), 2048):
        sims = q[start:start + 2048] @ vectors.T
        for row, lemma in enumerate(q_lemmas[start:start + 2048]):
            if lemma in position:
                sims[row, position[lemma]] = -1.0
        top = np.argpartition(-sims, K, axis=1)[:, :K]
        for row, lemma in enumerate(q_lemmas[start:start + 2048]):
            idx = top[row]
            weights = np.clip(sims[row, idx], 0, None) ** 2
            positive = float(weights @ counts[idx, 0])
            seen = float(weights @ counts[idx, 1])
            out[lemma] = (positive + learned.RATE_PRIOR * overall) / (seen + learned.RATE_PRIOR)
    return out


def with_rates(rows, rates, overall=None):
    rows = _plain_with_rates(rows, rates, overall)
    if not K:        # the committed features, for the side-by-side baseline
        return rows
    overall = learned.overall_rate(rates) if overall is None else overall
    by_lemma = neighbour_rates([row["lemma"] for row in rows], rates, overall)
    for row in rows:
        row["neighbour_rate"] = by_lemma[row["lemma"]]
    return rows


def main(argv: list[str]) -> int:
    global EMBEDDING, K
    from flows.maintain.train_events import train_trigger_model
    from tasks.nlp.events.learned import load_model

    models, train, dev, examples = parsed_train_dev()
    EMBEDDING = models.embedding
    learned.with_rates = with_rates
    training.with_rates = with_rates
    for k in argv or ["20"]:
        K = int(k)
        _indexes.clear()
        began = time.process_time()
        with tempfile.TemporaryDirectory() as tmp:
            train_trigger_model(train, Path(tmp), models.embedding, examples)
            model = load_model(Path(tmp) / "triggers.json")
        model.thresholds = {k: v for k, v in model.thresholds.items() if k != "event"}
        print_dev_scores(f"neighbours{K}", model, models, dev, THRESHOLDS, time.process_time() - began)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
