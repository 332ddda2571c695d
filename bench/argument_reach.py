"""Which gold participants and places the argument model cannot reach, on NEREL train.

    python bench/argument_reach.py [--nerel ../shared/corpora/nerel_train.jsonl] [--candidates] [--times]

The role model scores (trigger, candidate) pairs; a gold argument no candidate overlaps is lost
before the model runs. For each gold participant / place of a gold event this prints whether a
named mention of the trigger's sentence overlaps it and, when none does, what it is: in another
sentence, or in the sentence with the POS of its head word and its NEREL entity type
(PROFESSION, NATIONALITY, ...). With --candidates it also counts how many the extended
candidates (tasks/nlp/events/candidates.py) reach. With --times it measures the time role's
candidates instead (tasks/nlp/events/timing.time_spans: the date expressions of the trigger's
sentence and the time words): the share of gold times they overlap, and the gold times they miss.
Reads the parse cached by flows.maintain.train_events (bench/out/train_events/).
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from corpus import SHARED

from flows.maintain.train_events import parse_corpus
from tasks.evaluation.scoring import GOLD_ROLE_CLASS
from tasks.nlp.events.learned import head_token
from tasks.nlp.events.training import _overlaps, gold_heads
from tasks.nlp.events.tree import SentenceTree


def reach(parsed_docs: list[dict], with_candidates: bool = False) -> dict[str, Counter]:
    from tasks.nlp.events.arguments import MentionIndex
    from tasks.nlp.events.nominals import article_people
    from tasks.nlp.events.triggers import Trigger

    kinds: Counter = Counter()
    detail: Counter = Counter()
    extended: Counter = Counter()
    for parsed in parsed_docs:
        gold, doc, mentions = parsed["gold"], parsed["doc"], parsed["mentions"]
        entities = {e["id"]: e for e in gold["entities"]}
        people = article_people(doc, mentions)
        sentences = list(doc.sents)
        for index, sentence in enumerate(sentences):
            tree = SentenceTree(sentence)
            sentence_gold = [e for e in gold["events"] if _overlaps(
                e["trigger"]["start"], e["trigger"]["stop"], sentence.start, sentence.stop)]
            local = [m for m in mentions if m["sentence_index"] == index]
            index_of = MentionIndex(local, index, people)
            for head_id, event in gold_heads(tree, sentence_gold).items():
                trigger = Trigger([tree.by_id[head_id]], "other")
                if with_candidates:
                    from tasks.nlp.events.candidates import extra_candidates
                extra = [c.mention for c in extra_candidates(tree, trigger, index_of)] if with_candidates else []
                for key, role in GOLD_ROLE_CLASS.items():
                    if role == "time":
                        continue
                    for entity_id in event.get(key) or []:
                        entity = entities.get(entity_id)
                        if entity is None:
                            continue
                        span = (entity["start"], entity["stop"])
                        if any(_overlaps(m["start"], m["stop"], *span) for m in local):
                            kind = "named mention of the sentence"
                        elif not _overlaps(sentence.start, sentence.stop, *span):
                            kind = "another sentence"
                        else:
                            tokens = [t for t in tree.tokens if _overlaps(t.start, t.stop, *span)]
                            head = head_token(tokens, tree) if tokens else None
                            pos = head.pos if head is not None else "?"
                            kind = f"same sentence, not a mention: {pos}"
                            detail[(pos, entity["type"])] += 1
                        kinds[(role, kind)] += 1
                        if with_candidates and kind != "named mention of the sentence":
                            hit = any(_overlaps(c["start"], c["stop"], *span) for c in extra)
                            extended[(role, kind, hit)] += 1
    return {"kinds": kinds, "detail": detail, "extended": extended}


def time_reach(parsed_docs: list[dict]) -> dict[str, Counter]:
    """Gold times of gold events: reached by a time candidate of the trigger's sentence, of
    another sentence, or by none (then by their text)."""
    from natasha import DatesExtractor, MorphVocab

    from tasks.nlp.dates import article_dates
    from tasks.nlp.events.timing import time_spans

    extractor = DatesExtractor(MorphVocab())
    kinds: Counter = Counter()
    missed: Counter = Counter()
    for parsed in parsed_docs:
        gold, doc = parsed["gold"], parsed["doc"]
        entities = {e["id"]: e for e in gold["entities"]}
        sentences = list(doc.sents)
        resolved, _ = article_dates([(i, s.start, s.text) for i, s in enumerate(sentences)], extractor, None)
        spans = [time_spans(s.start, s.text, [d for d in resolved if d.mention.sentence_index == i])
                 for i, s in enumerate(sentences)]
        for event in gold["events"]:
            trigger = event["trigger"]
            where = next((i for i, s in enumerate(sentences)
                          if _overlaps(trigger["start"], trigger["stop"], s.start, s.stop)), None)
            for key, role in GOLD_ROLE_CLASS.items():
                if role != "time":
                    continue
                for entity_id in event.get(key) or []:
                    entity = entities.get(entity_id)
                    if entity is None or where is None:
                        continue
                    hit = [c for c in spans[where] if _overlaps(c["start"], c["stop"], entity["start"], entity["stop"])]
                    if hit:
                        kinds[f"reached in the sentence ({hit[0]['type']})"] += 1
                    elif any(_overlaps(c["start"], c["stop"], entity["start"], entity["stop"])
                             for other in spans for c in other):
                        kinds["reached in another sentence"] += 1
                    else:
                        kinds["missed"] += 1
                        missed[entity["text"].lower()] += 1
    return {"kinds": kinds, "missed": missed}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nerel", type=Path, default=SHARED / "corpora" / "nerel_train.jsonl")
    parser.add_argument("--candidates", action="store_true")
    parser.add_argument("--times", action="store_true", help="the time role's candidates instead")
    args = parser.parse_args(argv)
    if not args.nerel.exists():
        print(f"no corpus at {args.nerel}; nothing measured", file=sys.stderr)
        return
    if args.times:
        out = time_reach(parse_corpus(args.nerel))
        total = sum(out["kinds"].values())
        for kind, n in out["kinds"].most_common():
            print(f"time  {kind:45s} {n:5d} ({n / total:.3f})")
        print("\nmissed gold times (top 30):")
        for text, n in out["missed"].most_common(30):
            print(f"  {n:4d} {text}")
        return
    out = reach(parse_corpus(args.nerel), args.candidates)
    total = Counter()
    for (role, _), n in out["kinds"].items():
        total[role] += n
    for (role, kind), n in sorted(out["kinds"].items(), key=lambda kv: (kv[0][0], -kv[1])):
        print(f"{role:12s} {kind:45s} {n:5d} ({n / total[role]:.3f})")
    print("\nnot a mention, by head POS and NEREL type (top 25):")
    for (pos, etype), n in out["detail"].most_common(25):
        print(f"  {pos:6s} {etype:16s} {n:5d}")
    if args.candidates:
        print("\nreached by the extended candidates:")
        for (role, kind, hit), n in sorted(out["extended"].items()):
            print(f"  {role:12s} {kind:45s} {'reached' if hit else 'missed':8s} {n:5d}")


if __name__ == "__main__":
    main()
