"""A trained BiLSTM sentence tagger as a trigger feature (research; torch, train only).

    PYTHONPATH=.:bench python bench/trigger_tagger.py [--epochs N] [--hidden H]

Each token of a sentence is its lemma's navec vector and the sum of learned embeddings of its
CRFsuite attributes (learned.sequence_features: words, tags, tree, neighbours, lexicon, rules); a
BiLSTM reads the sentence, and the token's output next to its syntactic head's output gives
P(head of a trigger), P(inside), P(outside). Out of fold on train (the rates' document folds), fitted
on all of train for dev; the booster gets the token's P(head), P(inside) and its head's P(head) as
three more columns, as it gets the CRF's. Dev trigger F1 at the thresholds, next to base.
torch is not a dependency of the project (pip install torch; the CPU build is enough).

Measured on 5 Dec (2025.12.5 features, 10,832 train sentences, 6 epochs, hidden 96, 2 threads:
about 100 s per fold, 10 min in all). The tagger alone, train's out-of-fold heads: P / R 0.653 /
0.706 at 0.3, 0.690 / 0.663 at 0.4, 0.718 / 0.614 at 0.5 (the CRF alone is 0.682 F1 at dev's
best threshold, CARD.md). Stacked into the booster, dev triggers P / R / F1 (arguments F1):
  base    0.25: 0.723 / 0.670 / 0.696 (0.547)  0.30: 0.757 / 0.653 / 0.702 (0.558)  0.35: 0.785 / 0.610 / 0.686
  tagger  0.25: 0.735 / 0.672 / 0.702 (0.558)  0.30: 0.778 / 0.641 / 0.703 (0.558)  0.35: 0.804 / 0.603 / 0.689
Within the seed spread (+-0.005, bench/trigger_context.py): a sentence model trained on train's
triggers adds what the CRF and the booster already read from the same attributes, and the
product does not use it.
"""
from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from trigger_context import THRESHOLDS, wider_model
from trigger_select import parsed_train_dev

from tasks.nlp.events import extract, learned
from tasks.nlp.events import training as t

LABELS = {"O": 0, "I": 1}


def vocabulary(sequences, min_count=2):
    counts = Counter(a for s in sequences for tok in s for a in tok)
    return {a: i + 1 for i, a in enumerate(sorted(a for a, n in counts.items() if n >= min_count))}


def encode_sentence(attributes, lemmas, heads, vocab, embedding):
    ids = [[vocab[a] for a in tok if a in vocab] or [0] for tok in attributes]
    vectors = np.array([learned.lemma_vector(embedding, lemma) for lemma in lemmas], dtype=np.float32)
    vectors = np.nan_to_num(vectors)
    return ids, vectors, heads


class Tagger:
    def __init__(self, vocab_size, hidden, seed):
        import torch
        from torch import nn
        torch.manual_seed(seed)
        self.torch = torch
        self.bag = nn.EmbeddingBag(vocab_size + 1, 64, mode="sum", padding_idx=0)
        self.project = nn.Linear(300, 64)
        self.lstm = nn.LSTM(128, hidden, batch_first=True, bidirectional=True)
        self.out = nn.Linear(4 * hidden, 3)
        self.dropout = nn.Dropout(0.3)
        self.modules = nn.ModuleList([self.bag, self.project, self.lstm, self.out])

    def forward(self, batch, train=False):
        torch = self.torch
        lengths = [len(ids) for ids, _, _ in batch]
        width = max(lengths)
        flat, offsets = [], []
        for ids, _, _ in batch:
            for tok in ids:
                offsets.append(len(flat))
                flat.extend(tok)
        bags = self.bag(torch.tensor(flat), torch.tensor(offsets))
        x = torch.zeros(len(batch), width, 128)
        at = 0
        for b, (ids, vectors, _) in enumerate(batch):
            n = len(ids)
            x[b, :n, :64] = bags[at:at + n]
            x[b, :n, 64:] = self.project(torch.from_numpy(vectors))
            at += n
        if train:
            x = self.dropout(x)
        packed = torch.nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
        out, _ = self.lstm(packed)
        out, _ = torch.nn.utils.rnn.pad_packed_sequence(out, batch_first=True, total_length=width)
        head_index = torch.zeros(len(batch), width, dtype=torch.long)
        has_head = torch.zeros(len(batch), width, 1)
        for b, (_, _, heads) in enumerate(batch):
            for i, h in enumerate(heads):
                if h is not None:
                    head_index[b, i] = h
                    has_head[b, i] = 1.0
        head_out = torch.gather(out, 1, head_index.unsqueeze(-1).expand(-1, -1, out.shape[-1])) * has_head
        both = torch.cat([out, head_out], dim=-1)
        if train:
            both = self.dropout(both)
        return self.out(both)

    def fit(self, sentences, labels, epochs, batch_size=32, seed=0):
        torch = self.torch
        optimiser = torch.optim.Adam(self.modules.parameters(), lr=2e-3)
        rng = np.random.default_rng(seed)
        order = np.argsort([len(s[0]) for s in sentences], kind="stable")
        batches = [order[i:i + batch_size] for i in range(0, len(order), batch_size)]
        self.modules.train()
        for epoch in range(epochs):
            total = 0.0
            for b in rng.permutation(len(batches)):
                index = batches[b]
                batch = [sentences[i] for i in index]
                logits = self.forward(batch, train=True)
                width = logits.shape[1]
                target = torch.full((len(batch), width), -100, dtype=torch.long)
                for row, i in enumerate(index):
                    target[row, :len(labels[i])] = torch.tensor(labels[i])
                loss = torch.nn.functional.cross_entropy(logits.reshape(-1, 3), target.reshape(-1), ignore_index=-100)
                optimiser.zero_grad()
                loss.backward()
                optimiser.step()
                total += loss.item()
            print(f"    epoch {epoch} loss {total / len(batches):.4f}", file=sys.stderr, flush=True)
        self.modules.eval()

    def predict(self, sentences, batch_size=64):
        torch = self.torch
        out = [None] * len(sentences)
        order = np.argsort([len(s[0]) for s in sentences], kind="stable")
        with torch.no_grad():
            for begin in range(0, len(order), batch_size):
                index = order[begin:begin + batch_size]
                probs = torch.softmax(self.forward([sentences[i] for i in index]), dim=-1).numpy()
                for row, i in enumerate(index):
                    out[i] = probs[row, :len(sentences[i][0])]
        return out


def label_ids(tags):
    return [2 if tag == t.SEQUENCE_HEAD else LABELS[tag] for tag in tags]


def main(argv=None) -> int:
    import torch

    from flows.maintain.train_events import score_dev
    from tasks.nlp.events.learned import TRIGGER_CATEGORICAL, encode

    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--hidden", type=int, default=96)
    parser.add_argument("--no-base", action="store_true")
    args = parser.parse_args(argv)
    torch.set_num_threads(2)

    models, train, dev, examples = parsed_train_dev()
    sentences = [s for parsed in train for s in parsed["doc"].sents]
    assert len(sentences) == len(examples.sequences)
    print(f"{len(sentences)} train sentences", flush=True)

    def sentence_parts(sentence):
        position = {tok.id: i for i, tok in enumerate(sentence.tokens)}
        return [tok.lemma for tok in sentence.tokens], [position.get(tok.head_id) for tok in sentence.tokens]

    parts = [sentence_parts(s) for s in sentences]
    labels = [label_ids(tags) for tags in examples.sequence_labels]
    documents = np.array(examples.sequence_documents)

    def fitted(indices, seed):
        vocab = vocabulary([examples.sequences[i] for i in indices])
        data = [encode_sentence(examples.sequences[i], *parts[i], vocab, models.embedding) for i in indices]
        tagger = Tagger(len(vocab), args.hidden, seed)
        tagger.fit(data, [labels[i] for i in indices], args.epochs, seed=seed)
        return tagger, vocab

    began = time.time()
    oof = [None] * len(sentences)
    for fold in range(t.RATE_FOLDS):
        held = [i for i in range(len(sentences)) if documents[i] % t.RATE_FOLDS == fold]
        others = [i for i in range(len(sentences)) if documents[i] % t.RATE_FOLDS != fold]
        tagger, vocab = fitted(others, fold)
        predicted = tagger.predict([encode_sentence(examples.sequences[i], *parts[i], vocab, models.embedding)
                                    for i in held])
        for i, p in zip(held, predicted):
            oof[i] = p
        print(f"fold {fold} done {time.time() - began:.0f}s", flush=True)
    final, final_vocab = fitted(list(range(len(sentences))), 99)
    print(f"tagger trained {time.time() - began:.0f}s", flush=True)

    # token-level F1 of the tagger alone on train's out-of-fold heads
    gold = np.concatenate([np.array(lab) == 2 for lab in labels])
    score = np.concatenate([p[:, 2] for p in oof])
    for th in (0.3, 0.4, 0.5):
        tp = float((gold & (score >= th)).sum())
        print(f"tagger alone, train OOF heads at {th}: P {tp / max(1, (score >= th).sum()):.3f} "
              f"R {tp / gold.sum():.3f}", flush=True)

    def columns(probabilities, positions, heads):
        out = []
        for (s, p), h in zip(positions, heads):
            probs = probabilities[s]
            out.append([probs[p, 2], probs[p, 1], probs[h, 2] if h is not None else np.nan])
        return np.array(out, dtype=np.float32)

    extra_train = columns(oof, examples.trigger_positions, examples.trigger_heads)

    rows = t.rated_rows(examples.trigger_rows, examples.trigger_labels, examples.trigger_documents,
                        examples.trigger_inside)
    rows = t.sequence_rows(rows, examples)
    sequence = t.train_sequence(examples.sequences, examples.sequence_labels)
    rates = t.lemma_rates(examples.trigger_rows, examples.trigger_labels, examples.trigger_inside)
    features = [f for f in rows[0] if f not in t.TRIGGER_UNUSED]
    categorical = [f for f in features if f in TRIGGER_CATEGORICAL]
    vocab = t.build_vocab(rows, tuple(categorical))
    navec = np.array(examples.trigger_vectors)

    original_rows = extract.trigger_rows
    for name in (["tagger"] if args.no_base else ["base", "tagger"]):
        vectors = np.hstack([navec, extra_train]) if name == "tagger" else navec
        matrix = encode(rows, features, vocab, vectors)
        booster = t.train_booster(matrix, examples.trigger_labels, features, categorical,
                                  t.lightgbm_params(t.TRIGGER_PARAMS, "binary"), t.TRIGGER_ROUNDS)
        model = wider_model(booster, features, categorical, vocab, rates, sequence, vectors.shape[1])

        def with_tagger(tree, rule_triggers, mentions, lexicon, *rest, _name=name, **kwargs):
            scored = original_rows(tree, rule_triggers, mentions, lexicon, *rest, **kwargs)
            if _name == "tagger" and scored.candidates:
                attributes = learned.sequence_features(tree, scored.owner, lexicon)
                position = {tok.id: i for i, tok in enumerate(tree.tokens)}
                heads = [position.get(tok.head_id) for tok in tree.tokens]
                data = encode_sentence(attributes, [tok.lemma for tok in tree.tokens], heads, final_vocab,
                                       models.embedding)
                probs = final.predict([data])[0]
                mine = columns([probs], [(0, position[tok.id]) for tok in scored.candidates],
                               [position.get(tok.head_id) for tok in scored.candidates])
                scored.vectors = np.hstack([scored.vectors, mine])
            return scored

        extract.trigger_rows = with_tagger
        try:
            for threshold in THRESHOLDS:
                model.thresholds = {**model.thresholds, "event": threshold}
                result = score_dev(dev, dataclasses.replace(
                    models, events=dataclasses.replace(models.events, triggers=model)))
                tr, ar = result["triggers"], result["arguments"]
                print(f"{name:8s} th {threshold:.2f}  triggers {tr['precision']:.3f} {tr['recall']:.3f} "
                      f"{tr['f1']:.3f}  arguments {ar['precision']:.3f} {ar['recall']:.3f} {ar['f1']:.3f}",
                      flush=True)
        finally:
            extract.trigger_rows = original_rows
    return 0


if __name__ == "__main__":
    sys.exit(main())
