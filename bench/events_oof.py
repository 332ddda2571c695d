"""Out-of-fold event scores of the whole extractor on NEREL train: the set to tune the argument
side on, as bench/trigger_oof.py is for the triggers.

    PYTHONPATH=. python bench/events_oof.py [--pull 0.2] [--arguments '{"place": 0.35}' ...]
        [--models bench/out/events_oof]

Trains, for each fifth of NEREL train's documents, a trigger model and a role model on the other
four fifths (the committed training.py settings; the role model at today's features, as the
training command would write it), keeps them under --models (reused by the next run: delete the
folder after a change of the features or the settings), then extracts every document with the
models that never saw it (tasks/nlp/extract.py, article by article as `khronika eval` does) and
prints trigger and argument P / R / F1 by the scoring rule of `khronika eval`, and the argument F1
per role, once per --arguments setting (JSON laid over the role model's thresholds). The
extraction takes about half a minute per setting; the ten trainings about fifteen minutes.

Measured on 7 Dec (extractor 2025.12.26): pull 0 triggers 0.6707 / 0.6937 / 0.6820, arguments
0.5380 / 0.5118 / 0.5246; pull 0.2 triggers 0.6631 / 0.7053 / 0.6836, arguments 0.5324 / 0.5151
/ 0.5236 (bench/EVENTS.md, 2025.12.26, has the settings tried). Extractor 2025.12.27 (the parse
with one BLAS thread, fold models retrained): pull 0.2 triggers 0.6618 / 0.7013 / 0.6810, arguments
0.5303 / 0.5113 / 0.5206; with actor_floor_subject 0.2 arguments 0.5217.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

from corpus import PROJECT_ROOT, SHARED

sys.path.insert(0, str(PROJECT_ROOT))

FOLDS = 5


def argument_fold_models(parsed: list[dict], embedding, folder: Path) -> None:
    """folder/fold{k}/arguments.json: the role model trained on the documents outside fold k."""
    from flows.maintain.train_events import train_argument_model
    from tasks.nlp.events import training as t
    from tasks.nlp.events.learned import lexicon_vectors
    from tasks.nlp.events.lexicon import load_lexicon

    lexicon, lexicon_index = load_lexicon(), lexicon_vectors(embedding)
    examples, document_of = t.Examples(), []   # document_of: the document of each argument row
    for number, item in enumerate(parsed):
        t.document_examples(item, lexicon, embedding, examples, lexicon_index, number, True)
        document_of += [number] * (len(examples.argument_rows) - len(document_of))
    for fold in range(FOLDS):
        keep = [i for i, number in enumerate(document_of) if number % FOLDS != fold]
        out = folder / f"fold{fold}"
        out.mkdir(parents=True, exist_ok=True)
        train_argument_model([examples.argument_rows[i] for i in keep], [examples.argument_labels[i] for i in keep],
                             out)
        print(f"role model of fold {fold} trained", file=sys.stderr, flush=True)


def scores(parsed: list[dict], fold_models: list) -> str:
    """One line of trigger, argument and per-role scores of the fold models on their held-out documents."""
    from tasks.evaluation.scoring import gold_events, predicted_events, score_events, score_roles
    from tasks.nlp.extract import extract_article

    documents = []
    for number, item in enumerate(parsed):
        gold = item["gold"]
        article = {"article_id": str(gold["id"]), "text": gold["text"], "published_at": None, "title": None}
        result = extract_article(article, fold_models[number % FOLDS], item["doc"])
        documents.append((predicted_events(result.events, result.event_arguments), gold_events(gold)))
    counts = score_events(documents)
    line = " ".join(f"{kind} {c.precision:.4f} / {c.recall:.4f} / {c.f1:.4f}" for kind, c in counts.items())
    return line + "; " + " ".join(f"{role} {c.f1:.4f}" for role, c in score_roles(documents).items())


def main(argv=None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", type=Path, default=SHARED / "corpora" / "nerel_train.jsonl")
    parser.add_argument("--pull", type=float, help="article_pull of the trigger models (default: as trained)")
    parser.add_argument("--arguments", nargs="+", default=["{}"],
                        help="JSON settings laid over the role model's thresholds, one run each")
    parser.add_argument("--models", type=Path, default=PROJECT_ROOT / "bench" / "out" / "events_oof")
    args = parser.parse_args(argv)

    from trigger_errors import oof_models

    from flows.maintain.train_events import parse_corpus
    from tasks.nlp.events.learned import ARTICLE_PULL, EventModels, load_model
    from tasks.nlp.models import load_models

    models = load_models()
    parsed = parse_corpus(args.corpus)
    if not all((args.models / f"fold{k}" / "triggers.json").exists() for k in range(FOLDS)):
        oof_models(parsed, models.embedding, FOLDS, args.models)   # the split trigger_oof.py uses
    if not all((args.models / f"fold{k}" / "arguments.json").exists() for k in range(FOLDS)):
        argument_fold_models(parsed, models.embedding, args.models)
    folds = [(load_model(args.models / f"fold{k}" / "triggers.json"), load_model(args.models / f"fold{k}" / "arguments.json"))
             for k in range(FOLDS)]
    trained = dict(folds[0][1].thresholds)
    for setting in args.arguments:
        for triggers, arguments in folds:
            if args.pull is not None:
                triggers.thresholds[ARTICLE_PULL] = args.pull
            arguments.thresholds = {**trained, **json.loads(setting)}
        fold_models = [dataclasses.replace(models, events=EventModels(triggers, arguments, models.embedding))
                       for triggers, arguments in folds]
        pull = folds[0][0].thresholds.get(ARTICLE_PULL)
        print(f"pull {pull} arguments {setting}: {scores(parsed, fold_models)}", flush=True)


if __name__ == "__main__":
    main()
