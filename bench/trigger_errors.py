"""Where the learned trigger model loses events: classifier decisions vs the pipeline's events.

    PYTHONPATH=. python bench/trigger_errors.py [--corpus ../shared/corpora/nerel_train.jsonl] [--oof]

For every gold trigger of the corpus: whether its head token is a candidate at all (POS), the
model's score of it, and, when the model accepts it, whether the pipeline still produces an event
overlapping it (else why not: a rule statement owns the token, merge_nested folded it into
another trigger, or another gold event took the predicted one). False positives by path (pattern
phrase kept, rule trigger the model accepted, model alone) and by lemma. With --oof the trigger
model is retrained on 4/5 of the documents and scores the held-out fifth (train only: this is the
set to tune on); without it the committed model scores the corpus (dev: diagnosis only).
Parses come from flows/maintain/train_events.py's cache.
"""
from __future__ import annotations

import argparse
import dataclasses
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _overlaps(a, b, c, d):
    return max(0, min(b, d) - max(a, c))


def oof_models(parsed, embedding, folds=5, folder: Path | None = None):
    """fold -> trigger LearnedModel trained on the other folds' documents; with folder, its files
    are kept as folder/fold{k}/triggers.json (else in a temporary folder)."""
    import tempfile

    from flows.maintain.train_events import train_trigger_model
    from tasks.nlp.events.learned import load_model

    out = {}
    for fold in range(folds):
        part = [p for i, p in enumerate(parsed) if i % folds != fold]
        with tempfile.TemporaryDirectory() as tmp:
            where = Path(tmp) if folder is None else folder / f"fold{fold}"
            where.mkdir(parents=True, exist_ok=True)
            train_trigger_model(part, where, embedding)
            out[fold] = load_model(where / "triggers.json")
        print(f"fold {fold} trained", file=sys.stderr, flush=True)
    return out


def analyse(parsed, models, trigger_models=None, folds=5, top=25):
    from tasks.evaluation.scoring import greedy_match
    from tasks.nlp.events.learned import (
        CANDIDATE_POS,
        document_context,
        learned_triggers,
        predict_together,
        pulled_by_article,
        trigger_rows,
    )
    from tasks.nlp.events.lexicon import load_lexicon
    from tasks.nlp.events.training import gold_heads
    from tasks.nlp.events.tree import SentenceTree
    from tasks.nlp.events.triggers import STATEMENT, find_triggers, is_pattern

    lexicon = load_lexicon()
    events_model = models.events
    c = Counter()
    fn_pos, fn_lemma, fp_lemma, fp_path, lost, multi = Counter(), Counter(), Counter(), Counter(), Counter(), Counter()
    for number, item in enumerate(parsed):
        if trigger_models is not None:
            events_model = dataclasses.replace(models.events, triggers=trigger_models[number % folds])
        gold, doc = item["gold"], item["doc"]
        document = document_context(doc)
        by_sentence = {}
        for m in item["mentions"]:
            by_sentence.setdefault(m["sentence_index"], []).append(m)
        # as the extractor does: the article's sentences predicted at once, then pulled by article
        parts = []
        for index, sentence in enumerate(doc.sents):
            tree = SentenceTree(sentence)
            rules = find_triggers(tree, lexicon)
            mentions = by_sentence.get(index, [])
            parts.append((tree, rules, mentions, trigger_rows(tree, rules, mentions, lexicon, events_model, document)))
        predict_together(events_model.triggers, [part[3] for part in parts])
        pulled_by_article(events_model.triggers, [part[3] for part in parts])
        for (tree, rules, mentions, candidates), sentence in zip(parts, doc.sents):
            sg = [e for e in gold["events"] if _overlaps(e["trigger"]["start"], e["trigger"]["stop"],
                                                         sentence.start, sentence.stop)]
            tokens, owner = candidates.candidates, candidates.owner
            scores = dict(zip((t.id for t in tokens), candidates.scores[:, 1])) if tokens else {}
            threshold = events_model.triggers.thresholds["event"]
            statements = {id(rule) for rule in rules if rule.type == STATEMENT}  # before the model retypes some
            final = learned_triggers(tree, rules, mentions, lexicon, events_model, document, candidates)
            scored = [t for t in final if t.type != STATEMENT]
            pairs = greedy_match([(t.start, t.stop) for t in scored],
                                 [(e["trigger"]["start"], e["trigger"]["stop"]) for e in sg])
            matched_gold = {g for _, g in pairs}
            matched_pred = {p for p, _ in pairs}
            heads = gold_heads(tree, sg)
            head_of = {id(e): h for h, e in heads.items()}
            c["gold"] += len(sg)
            for gi, event in enumerate(sg):
                t = event["trigger"]
                span = [tok for tok in tree.tokens if _overlaps(tok.start, tok.stop, t["start"], t["stop"])]
                if len(span) > 1:
                    multi["multiword gold"] += 1
                hid = head_of.get(id(event))
                if hid is None:
                    if span:
                        c["duplicate head (another gold event has the same head)"] += 1
                    else:
                        c["no token"] += 1
                    if gi not in matched_gold:
                        lost["gold sharing its head with another gold event"] += 1
                    continue
                head = tree.by_id[hid]
                accepted = hid in scores and scores[hid] >= threshold
                c["classifier accepts head"] += accepted
                if gi in matched_gold:
                    c["matched"] += 1
                    continue
                if head.pos not in CANDIDATE_POS:
                    fn_pos[f"not a candidate: {head.pos}"] += 1
                    lost["head not a candidate POS"] += 1
                    continue
                if not accepted:
                    fn_pos[head.pos] += 1
                    fn_lemma[head.lemma] += 1
                    lost["classifier below threshold"] += 1
                    continue
                rule = owner.get(hid)
                covering = [tr for tr in final if any(tok.id == hid for tok in tr.tokens)]
                if rule is not None and id(rule) in statements:
                    lost["accepted, but a rule statement owns it"] += 1
                elif covering and covering[0].type == STATEMENT:
                    lost["accepted, merged into a statement"] += 1
                elif covering and len(covering[0].tokens) > 1:
                    lost["accepted, merged with another trigger (one event)"] += 1
                elif covering:
                    lost["accepted, overlapping event matched another gold"] += 1
                else:
                    lost["accepted, no event (other)"] += 1
            for pi, trig in enumerate(scored):
                c["predicted"] += 1
                if pi in matched_pred:
                    continue
                rule = owner.get(trig.anchor.id)
                if is_pattern(trig, lexicon) and rule is trig or (rule is not None and is_pattern(rule, lexicon)):
                    path = "pattern phrase kept"
                elif rule is not None:
                    path = "rule trigger, model accepted"
                else:
                    path = "model alone"
                fp_path[path] += 1
                fp_lemma[trig.anchor.lemma] += 1
    return c, fn_pos, fn_lemma, fp_lemma, fp_path, lost, multi


def scores_line(counts: Counter, digits: int = 4) -> str:
    """P, R and F1 of analyse()'s counts."""
    p = counts["matched"] / max(1, counts["predicted"])
    r = counts["matched"] / max(1, counts["gold"])
    return f"P {p:.{digits}f} R {r:.{digits}f} F1 {2 * p * r / max(1e-9, p + r):.{digits}f}"


def main(argv=None):
    from flows.maintain.train_events import parse_corpus
    from tasks.nlp.models import load_models

    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", type=Path, default=Path("../shared/corpora/nerel_train.jsonl"))
    parser.add_argument("--oof", action="store_true", help="out-of-fold trigger models (train)")
    parser.add_argument("--limit", type=int)
    args = parser.parse_args(argv)
    models = load_models()
    parsed = parse_corpus(args.corpus)[:args.limit]
    trigger_models = oof_models(parsed, models.embedding) if args.oof else None
    c, fn_pos, fn_lemma, fp_lemma, fp_path, lost, multi = analyse(parsed, models, trigger_models)
    print(f"gold {c['gold']}, predicted {c['predicted']}, matched {c['matched']} (sentence-level {scores_line(c, 3)})")
    for name, counter in (("counts", c), ("multiword", multi), ("gold events lost, by reason", lost),
                          ("false negatives by POS", fn_pos), ("false negatives by lemma", fn_lemma),
                          ("false positives by path", fp_path), ("false positives by lemma", fp_lemma)):
        print(f"\n## {name}")
        for key, value in counter.most_common(25):
            print(f"{value:6d}  {key}")


if __name__ == "__main__":
    main()
