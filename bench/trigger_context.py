"""Slovnet's contextual token vectors as trigger features, trained on NEREL train, scored on dev.

    PYTHONPATH=.:bench python bench/trigger_context.py [VARIANT ...]

Natasha's morph tagger and syntax parser (slovnet, numpy) each encode a sentence with a CNN
(navec word + shape embeddings -> 3 conv layers 330 -> 256 -> 128 -> 64, kernel 3, so a window of
7 tokens) before their heads (slovnet/exec/model.py: Tag / Syntax, CNNEncoder). Its 64-d output
per token is the contextual vector. The bench re-runs emb + encoder of both models on every
sentence of the cached parses (same tokens, batches of similar length as tasks/nlp/annotate.py),
appends the chosen vectors after the lemma's navec vector (the model's "embedding" columns) and
trains the trigger booster with training.py's constants. The CRF marginals and the out-of-fold
rates are computed once and shared by the variants, so each variant costs one booster training.
At extraction the vectors are appended to learned.trigger_rows's (patched in extract.py).
Variants (the feature rows are the committed ones; only the appended columns change):
  base          navec only (must give the committed model's 0.702)
  morph         + morph encoder output (64)
  syntax        + syntax encoder output (64)
  both          + both (128)
  pca16 / pca32 + the first 16 / 32 principal components of both (fitted on train's candidates)
  both_head     + both, of the token and of its syntactic head (256)
  probe / probe_head  + 1: a logistic regression (numpy, L2) on the token's (+ head's) vectors,
                out of fold on train (the rates' document folds), fitted on all of train for dev
  NAME_only     the vectors instead of navec's; NAME@SEED: LightGBM seeds other than training.SEED
  cost          (alone) annotate_many's CPU on dev with and without capturing both encoders' output
Thresholds: TRIGGER_THRESHOLDS (default "0.25 0.3 0.35"). Shared rows and CRF are cached in
bench/out/trigger_context/ (delete it when the features or the parses change).

Measured on 5 Dec (2025.12.4 features, 15 leaves, 400 rounds; 93,025 train candidates). Dev trigger
F1 at 0.25 / 0.3 / 0.35 (P / R at 0.3), LightGBM seed 13 (training.SEED) unless said:
  base (navec)          0.696 / 0.702 / 0.686  (0.757 / 0.653): the committed model, reproduced
      seeds 14, 15, 16   0.701 / 0.695 / 0.691, 0.697 / 0.693 / 0.690, 0.697 / 0.691 / 0.687
  morph (+64)           0.691 / 0.695 / 0.684
  syntax (+64)          0.699 / 0.694 / 0.695
  both (+128)           0.693 / 0.693 / 0.690
  pca16 (+16)           0.700 / 0.705 / 0.700  (0.758 / 0.659); seeds 14, 15: 0.694 / 0.692 / 0.694,
                        0.694 / 0.695 / 0.694
  pca32 (+32)           0.699 / 0.691 / 0.687
  probe (+1)            0.707 / 0.703 / 0.693
  probe_head (+1)       0.700 / 0.699 / 0.697
  both_head (+256)      0.707 / 0.705 / 0.700  (0.757 / 0.660)
      seeds 14, 15, 16   0.701 / 0.704 / 0.695, 0.703 / 0.703 / 0.702, 0.701 / 0.701 / 0.689
  both_only (128, no navec)        0.696 / 0.701 / 0.699 (half the training time)
  both_head_only (256, no navec)   0.691 / 0.697 / 0.694; seed 14 0.695 / 0.690 / 0.686
At 0.3 over seeds 13-16, base averages 0.695 (0.691-0.702) and both_head 0.703 (0.701-0.705):
both_head is ahead for every seed, by +0.008 on average, +0.003 over the committed (seed 13) model,
recall +0.007 at the same precision. The other variants are within the seed spread (+-0.005).
Arguments move with the triggers (both_head at 0.3: 0.601 / 0.525 / 0.560, base 0.603 / 0.519 / 0.558).
Cost: capturing the encoders' output during annotate_many is free (a stand-in encoder keeping the
unpadded rows: 141 / 152 ms CPU per dev article against 149 / 146 without, noise; the captured
vectors equal the re-run's, largest difference 0.0); re-running emb + encoder of both models on
parsed sentences costs 14 ms CPU per dev article (about 10 % of annotation's 147 ms). Extraction
with 556 vector columns instead of 300: 1.1-1.2 s for dev's 94 articles either way. Training: 37 s
instead of 23 s for the booster. Memory: 128 float32 per token if kept on the Doc (0.5 KB).
"""
from __future__ import annotations

import dataclasses
import os
import pickle
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from trigger_select import parsed_train_dev

from tasks.nlp.events import (
    extract,
    learned,
)
from tasks.nlp.events import training as t

THRESHOLDS = tuple(float(x) for x in os.environ.get("TRIGGER_THRESHOLDS", "0.25 0.3 0.35").split())
SENTENCE_BATCH = 32
CACHE = Path(__file__).resolve().parent / "out" / "trigger_context"
VARIANTS = ("base", "morph", "syntax", "both", "pca16", "pca32", "probe", "probe_head", "both_head")


def encoder_outputs(tagger, sentences: list[list[str]]) -> list[np.ndarray]:
    """Per sentence (list of words): slovnet's encoder output, tokens x 64, of the tagger's model.
    Batches of similar length, as annotate_many feeds the taggers."""
    infer = tagger.infer
    model = infer.model
    out: list = [None] * len(sentences)
    order = sorted(range(len(sentences)), key=lambda i: len(sentences[i]))
    for begin in range(0, len(order), SENTENCE_BATCH):
        chunk = [i for i in order[begin:begin + SENTENCE_BATCH]]
        live = [i for i in chunk if sentences[i]]
        for i in chunk:
            if not sentences[i]:
                out[i] = np.zeros((0, 64), dtype=np.float32)
        if not live:
            continue
        at = 0
        for batch in infer.encoder([sentences[i] for i in live]):
            x = model.emb(batch.word_id, batch.shape_id)
            x = model.encoder(x, batch.pad_mask)
            for row, mask in zip(x, batch.pad_mask):
                out[live[at]] = row[~mask].astype(np.float32)
                at += 1
    return out


def corpus_context(models, docs: list[dict]) -> tuple[list[np.ndarray], dict[int, np.ndarray]]:
    """Every sentence's [morph | syntax] vectors (tokens x 128) in doc order, and id(token) -> vector."""
    sentences = [s for parsed in docs for s in parsed["doc"].sents]
    words = [[tok.text for tok in s.tokens] for s in sentences]
    morph = encoder_outputs(models.morph_tagger, words)
    syntax = encoder_outputs(models.syntax_parser, words)
    per_sentence = [np.hstack([m, s]) for m, s in zip(morph, syntax)]
    by_token = {id(tok): vec for s, vecs in zip(sentences, per_sentence) for tok, vec in zip(s.tokens, vecs)}
    return per_sentence, by_token


def logistic(x: np.ndarray, y: np.ndarray, l2: float = 1.0, steps: int = 12) -> np.ndarray:
    """Weights (bias last) of an L2-regularised logistic regression, Newton steps (numpy only)."""
    x = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(x.shape[1])
    ridge = l2 * np.eye(x.shape[1])
    ridge[-1, -1] = 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-x @ w))
        gradient = x.T @ (p - y) + ridge @ w
        hessian = (x * (p * (1 - p))[:, None]).T @ x + ridge
        w -= np.linalg.solve(hessian, gradient)
    return w


def probe(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-(x @ w[:-1] + w[-1])))


class Extra:
    """The columns a variant appends: a function of the token's (and its head's) 128-d vector.
    train(): the columns of train's rows (a probe's out of fold); __call__: dev's."""

    def __init__(self, name: str, own: np.ndarray, head: np.ndarray, labels: list[int], documents: list[int]):
        self.name = name.split("@")[0]
        self.seed = int(name.split("@")[1]) if "@" in name else None
        self.navec = not self.name.endswith("_only")
        self.name = self.name.removesuffix("_only")
        self.own, self.head = own, head
        if self.name.startswith("pca"):
            k = int(self.name[3:])
            self.mean = own.mean(axis=0)
            _, _, vt = np.linalg.svd(own - self.mean, full_matrices=False)
            self.components = vt[:k].T
        if self.name.startswith("probe"):
            x, y = self.inputs(own, head), np.array(labels, dtype=np.float64)
            self.scale = x.std(axis=0) + 1e-6
            x = x / self.scale
            self.oof = np.empty(len(x))
            folds = np.array(documents) % t.RATE_FOLDS       # the folds of the rates and the CRF
            for fold in range(t.RATE_FOLDS):
                held = folds == fold
                self.oof[held] = probe(x[held], logistic(x[~held], y[~held]))
            self.weights = logistic(x, y)

    def inputs(self, own: np.ndarray, head: np.ndarray) -> np.ndarray:
        return np.hstack([own, head]) if self.name == "probe_head" else own

    def train(self) -> np.ndarray:
        if self.name.startswith("probe"):
            return self.oof[:, None]
        return self(self.own, self.head)

    def __call__(self, own: np.ndarray, head: np.ndarray) -> np.ndarray:
        if self.name == "base":
            return own[:, :0]
        if self.name == "morph":
            return own[:, :64]
        if self.name == "syntax":
            return own[:, 64:]
        if self.name == "both":
            return own
        if self.name == "both_head":
            return np.hstack([own, head])
        if self.name.startswith("probe"):
            return probe(self.inputs(own, head) / self.scale, self.weights)[:, None]
        return (own - self.mean) @ self.components


def head_vectors(tokens, by_token, tree_of) -> np.ndarray:
    zero = np.zeros(128, dtype=np.float32)
    out = []
    for tok in tokens:
        head = tree_of(tok)
        out.append(by_token.get(id(head), zero) if head is not None else zero)
    return np.array(out).reshape(len(tokens), 128)


class Capture:
    """Stands in for a slovnet model's encoder during annotation: returns its output unchanged and
    keeps each sentence's unpadded rows (the capture a product change would make for free)."""

    def __init__(self, encoder):
        self.encoder = encoder
        self.kept: list[np.ndarray] = []

    def __call__(self, x, pad_mask):
        out = self.encoder(x, pad_mask)
        self.kept.extend(row[~mask] for row, mask in zip(out, pad_mask))
        return out


def capture_cost(models, dev: list[dict]) -> None:
    """CPU of annotate_many on dev's texts with and without capturing both encoders' output, and how
    far the captured vectors are from encoder_outputs' re-run (same words)."""
    from tasks.nlp.annotate import annotate_many

    texts = [parsed["gold"]["text"] for parsed in dev]
    timings = {}
    for mode in ("plain", "capture", "plain2", "capture2"):
        captures = {}
        if mode.startswith("capture"):
            for name in ("morph_tagger", "syntax_parser"):
                model = getattr(models, name).infer.model
                captures[name] = model.encoder = Capture(model.encoder)
        began = time.process_time()
        docs = annotate_many(texts, models)
        timings[mode] = time.process_time() - began
        for name, capture in captures.items():
            getattr(models, name).infer.model.encoder = capture.encoder
    print(f"annotate_many on {len(texts)} dev articles: " + ", ".join(
        f"{mode} {1000 * seconds / len(texts):.0f} ms" for mode, seconds in timings.items()) + " CPU per article")
    words = [[tok.text for tok in s.tokens] for doc in docs for s in doc.sents if s.tokens]
    rerun = encoder_outputs(models.morph_tagger, words)
    by_words = {}
    for vectors in captures["morph_tagger"].kept:
        by_words.setdefault(len(vectors), []).append(vectors)
    worst = max(min(float(np.abs(r - c).max()) for c in by_words[len(r)] if c.shape == r.shape) for r in rerun)
    print(f"captured vs re-run morph encoder output: largest difference {worst:.2e} over {len(words)} sentences")


def wider_model(booster, features, categorical, vocab, rates, sequence, width: int):
    """A trigger model file of the booster with `width` vector columns (navec's 300 and more),
    saved and loaded back."""
    from flows.maintain.train_events import trigger_thresholds
    from tasks.nlp.events.learned import load_model, save_model

    # the file check counts the vector columns; only while loading: lemma_vector's NaN vector
    # for an unknown lemma has EMBEDDING_DIM columns too
    learned.EMBEDDING_DIM = width
    try:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "triggers.json"
            save_model(path, booster.model_to_string(), features, categorical, vocab, ["none", "event"],
                       trigger_thresholds(), True, rates, sequence)
            return load_model(path)
    finally:
        learned.EMBEDDING_DIM = 300


def main(argv: list[str]) -> int:
    from flows.maintain.train_events import score_dev
    from tasks.nlp.events.learned import TRIGGER_CATEGORICAL, encode

    began = time.process_time()
    models, train, dev, examples = parsed_train_dev()
    if argv[:1] == ["cost"]:
        capture_cost(models, dev)
        return 0
    print(f"parsed and examples {time.process_time() - began:.0f}s", flush=True)

    began = time.process_time()
    train_sentences, _ = corpus_context(models, train)
    encode_train = time.process_time() - began
    began = time.process_time()
    _, dev_by_token = corpus_context(models, dev)
    encode_dev = time.process_time() - began
    print(f"encoders re-run: train {len(train)} docs {encode_train:.1f}s, dev {len(dev)} docs {encode_dev:.1f}s "
          f"({1000 * encode_dev / len(dev):.0f} ms CPU per dev article)", flush=True)

    own = np.array([train_sentences[s][p] for s, p in examples.trigger_positions])
    head = np.array([train_sentences[s][h] if h is not None else np.zeros(128, dtype=np.float32)
                     for (s, _), h in zip(examples.trigger_positions, examples.trigger_heads)])

    began = time.process_time()
    shared = CACHE / "shared.pickle"        # the out-of-fold rows and the CRF do not depend on the variant
    if shared.exists():
        rows, sequence = pickle.loads(shared.read_bytes())
    else:
        rows = t.rated_rows(examples.trigger_rows, examples.trigger_labels, examples.trigger_documents,
                            examples.trigger_inside)
        rows = t.sequence_rows(rows, examples)
        sequence = t.train_sequence(examples.sequences, examples.sequence_labels)
        CACHE.mkdir(parents=True, exist_ok=True)
        shared.write_bytes(pickle.dumps((rows, sequence)))
    rates = t.lemma_rates(examples.trigger_rows, examples.trigger_labels, examples.trigger_inside)
    features = [f for f in rows[0] if f not in t.TRIGGER_UNUSED]
    categorical = [f for f in features if f in TRIGGER_CATEGORICAL]
    vocab = t.build_vocab(rows, tuple(categorical))
    navec = np.array(examples.trigger_vectors)
    print(f"shared rows and CRF {time.process_time() - began:.0f}s; {len(rows)} candidates", flush=True)

    original_rows = extract.trigger_rows
    for name in argv or VARIANTS:
        began = time.process_time()
        extra = Extra(name, own, head, examples.trigger_labels, examples.trigger_documents)
        vectors = np.hstack([navec, extra.train()]) if extra.navec else extra.train()
        matrix = encode(rows, features, vocab, vectors)
        seeds = {} if extra.seed is None else {key: extra.seed for key in (
            "seed", "bagging_seed", "feature_fraction_seed", "data_random_seed")}
        booster = t.train_booster(matrix, examples.trigger_labels, features, categorical,
                                  t.lightgbm_params({**t.TRIGGER_PARAMS, **seeds}, "binary"), t.TRIGGER_ROUNDS)
        seconds = time.process_time() - began
        model = wider_model(booster, features, categorical, vocab, rates, sequence, vectors.shape[1])

        def with_context(tree, *args, _extra=extra, **kwargs):
            scored = original_rows(tree, *args, **kwargs)
            if scored.candidates:
                zero = np.zeros(128, dtype=np.float32)
                mine = np.array([dev_by_token.get(id(tok), zero) for tok in scored.candidates])
                heads = head_vectors(scored.candidates, dev_by_token, tree.head)
                extra_columns = _extra(mine, heads)
                scored.vectors = np.hstack([scored.vectors, extra_columns]) if _extra.navec else extra_columns
            return scored

        extract.trigger_rows = with_context
        try:
            for threshold in THRESHOLDS:
                model.thresholds = {**model.thresholds, "event": threshold}
                began = time.process_time()
                scored = score_dev(dev, dataclasses.replace(
                    models, events=dataclasses.replace(models.events, triggers=model)))
                extraction = time.process_time() - began
                tr, ar = scored["triggers"], scored["arguments"]
                print(f"{name:12s} {vectors.shape[1]:3d} th {threshold:.2f}  triggers {tr['precision']:.3f} "
                      f"{tr['recall']:.3f} {tr['f1']:.3f}  arguments {ar['precision']:.3f} {ar['recall']:.3f} "
                      f"{ar['f1']:.3f}  (train {seconds:.0f}s, dev extraction {extraction:.1f}s)", flush=True)
        finally:
            extract.trigger_rows = original_rows
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
