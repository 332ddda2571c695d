"""The committed role model with other decision thresholds, scored on NEREL dev and on Lenta.

    PYTHONPATH=.:bench python bench/argument_thresholds.py ['{"actor_floor": 0.1}' ...] [--no-lenta]

Each argument is a JSON object of thresholds that replace the model file's for one run (null
removes one: '{"actor_floor": null}' turns learned.best_actor off). For each it prints dev's
argument P/R/F1, the F1 of each role, the share of dev's events (statements aside) with a
participant, and Lenta's share of events with a participant linked to an entity
(bench/linked_participants.py, the first 400 articles). training.ARGUMENT_THRESHOLDS records the
sweeps this printed; selection is on dev only, Lenta is reported. Parses of dev come from
flows/maintain/train_events.py's cache; Lenta's are made once per run.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from corpus import LENTA_1000, SHARED
from linked_participants import annotated_articles, extracted_share

from flows.maintain.train_events import parse_corpus, score_dev
from tasks.evaluation.scoring import predicted_events
from tasks.nlp.events.extract import extract_events
from tasks.nlp.models import load_models


def dev_actor_share(parsed_dev: list[dict], models) -> tuple[int, int]:
    """(events with a participant, events), statements aside, as the extractor gives them on dev."""
    with_actor = events = 0
    for parsed in parsed_dev:
        gold = parsed["gold"]
        article = {"article_id": str(gold["id"]), "text": gold["text"], "published_at": None}
        found, arguments, _ = extract_events(parsed["doc"], article, parsed["mentions"], models)
        for event in predicted_events(found, arguments):
            events += 1
            with_actor += any(a.role == "participant" for a in event.arguments)
    return with_actor, events


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("settings", nargs="*", default=["{}"], help="JSON thresholds replacing the model's")
    parser.add_argument("--nerel-dev", type=Path, default=SHARED / "corpora" / "nerel_dev.jsonl")
    parser.add_argument("--no-lenta", action="store_true", help="score dev only")
    args = parser.parse_args(argv)
    models = load_models()
    thresholds = models.events.arguments.thresholds
    committed = dict(thresholds)
    parsed_dev = parse_corpus(args.nerel_dev)
    texts, docs = [], []
    if not args.no_lenta and LENTA_1000.exists():
        texts, docs = annotated_articles(LENTA_1000, 400, models)
    print(f"committed thresholds: {json.dumps(committed, sort_keys=True)}")
    for setting in args.settings:
        change = json.loads(setting)
        thresholds.clear()
        thresholds.update(committed)
        for key, value in change.items():
            if value is None:
                thresholds.pop(key, None)
            else:
                thresholds[key] = value
        scores = score_dev(parsed_dev, models)
        a, roles = scores["arguments"], scores["roles"]
        with_actor, events = dev_actor_share(parsed_dev, models)
        line = (f"{json.dumps(change, sort_keys=True)}: dev arguments P/R/F1 {a['precision']:.3f}/{a['recall']:.3f}/"
                f"{a['f1']:.4f}, participant/place/time F1 "
                + "/".join(f"{roles[r]['f1']:.3f}" for r in ("participant", "place", "time"))
                + f", dev events with a participant {with_actor}/{events} ({with_actor / max(events, 1):.3f})")
        if docs:
            share = extracted_share(texts, docs, models)
            linked, scored = share["linked"], share["events"]
            line += f", Lenta linked {linked}/{scored} ({linked / max(scored, 1):.3f})"
        print(line, flush=True)
    thresholds.clear()
    thresholds.update(committed)


if __name__ == "__main__":
    main()
