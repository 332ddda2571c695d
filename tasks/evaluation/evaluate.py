"""Running the extractor over gold corpora and scoring it (see scoring.py for the rules)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from tasks.evaluation.gold_files import read_jsonl
from tasks.evaluation.identity import bcubed, gold_identities, matched_pairs, resolve_across_documents
from tasks.evaluation.scoring import (
    Counts,
    NerScore,
    ScoredEvent,
    gold_events,
    gold_ner,
    matched_events,
    one_per_head,
    predicted_events,
    score_events,
    score_roles,
)

# events.confidence cut-offs whose precision and recall `khronika eval` reports
CONFIDENCE_CUTOFFS = (0.3, 0.5, 0.7, 0.9)


def _at_least(confidence: float | None, cutoff: float) -> bool:
    return confidence is not None and confidence >= cutoff


def _cutoff_row(counts: Counts) -> dict:
    return {"predicted": counts.predicted, "correct": counts.correct,
            "precision": round(counts.precision, 4), "recall": round(counts.recall, 4)}


def by_confidence(matched: list[tuple[float | None, bool]], gold: int) -> dict[str, dict]:
    """Precision and recall of the scored events whose confidence is at least each cut-off, as
    `WHERE confidence >= x` keeps them; (confidence, matched a gold trigger) per scored event."""
    out = {}
    for cutoff in CONFIDENCE_CUTOFFS:
        kept = [hit for confidence, hit in matched if _at_least(confidence, cutoff)]
        out[f"{cutoff:.1f}"] = _cutoff_row(Counts(predicted=len(kept), gold=gold, correct=sum(kept),
                                                  found=sum(kept)))
    return out


def arguments_by_confidence(documents: list[tuple[list[ScoredEvent], list[ScoredEvent]]]) -> dict[str, dict]:
    """Argument precision and recall with only the predicted arguments whose confidence is at
    least each cut-off (events unchanged), as `WHERE confidence >= x` on event_arguments keeps them."""
    out = {}
    for cutoff in CONFIDENCE_CUTOFFS:
        kept = [([replace(e, arguments=tuple(a for a in e.arguments if _at_least(a.confidence, cutoff)))
                  for e in predicted], gold) for predicted, gold in documents]
        out[f"{cutoff:.1f}"] = _cutoff_row(score_events(kept)["arguments"])
    return out


def head_words(doc) -> Callable[[int, int], str | None]:
    """(start, stop) -> id of the syntactic head token of that span in the parsed document, or
    None when the span lies outside its sentences' tokens."""
    from tasks.nlp.events.tree import SentenceTree

    sentences = list(doc.sents)
    trees: dict[int, SentenceTree] = {}

    def head_of(start: int, stop: int) -> str | None:
        for index, sentence in enumerate(sentences):
            if sentence.start <= start < sentence.stop:
                if index not in trees:
                    trees[index] = SentenceTree(sentence)
                head = trees[index].span_head(start, stop)
                return head.id if head is not None else None
        return None
    return head_of


def evaluate_nerel(path: Path, models, limit: int | None = None) -> dict:
    """Event trigger and argument scores of the extractor on one NEREL-format file."""
    from tasks.evaluation.names import reads_as_nominative
    from tasks.nlp.annotate import annotate
    from tasks.nlp.extract import extract_article

    documents, docs, events_found, identity, people = [], 0, 0, [], {}
    articles, mentions, entities, golds, by_type, confidences = [], [], [], {}, {}, []
    per_head = []
    for gold_doc in read_jsonl(path, limit, ("id", "text", "entities", "events"), "NEREL-format"):
        article = {"article_id": str(gold_doc["id"]), "text": gold_doc["text"],
                   "published_at": None, "title": None}
        doc = annotate(article["text"], models)
        result = extract_article(article, models, doc)
        predicted = predicted_events(result.events, result.event_arguments)
        events_found += len(predicted)
        documents.append((predicted, gold_events(gold_doc)))
        per_head.append((predicted, one_per_head(documents[-1][1], head_words(doc))))
        for event, matched in matched_events(result.events, predicted, documents[-1][1]):
            counts = by_type.setdefault(event["type"], [0, 0])
            counts[0] += 1
            counts[1] += matched
            confidences.append((event["confidence"], matched))
        golds[article["article_id"]] = gold_identities(gold_doc)
        identity.extend(matched_pairs(result.mentions, golds[article["article_id"]]))
        people.update({e["entity_id"]: e["name"] for e in result.entities if e["type"] == "PER"})
        articles.append(article)
        mentions.extend(result.mentions)
        entities.extend(result.entities)
        docs += 1
    scores = score_events(documents)
    scores_per_head = score_events(per_head)
    # The same mentions after the load's cross-document resolution (surnames, spellings).
    resolved = resolve_across_documents(articles, mentions, entities) if articles else {}
    across = [(resolved.get((m["article_id"], m["start"], m["stop"]), m["entity_id"]),
               golds[m["article_id"]][(m["start"], m["stop"])])
              for m in mentions if (m["start"], m["stop"]) in golds[m["article_id"]]]
    inflected = sorted(n for n in people.values() if not reads_as_nominative(n, "PER", models.morph_vocab))
    return {"file": str(path), "documents": docs,
            "triggers": scores["triggers"].as_dict(), "arguments": scores["arguments"].as_dict(),
            "arguments_by_role": {role: c.as_dict() for role, c in score_roles(documents).items()},
            # gold events nested at one head word counted once (scoring.one_per_head)
            "one_per_head": {"triggers": scores_per_head["triggers"].as_dict(),
                             "arguments": scores_per_head["arguments"].as_dict()},
            "trigger_precision_by_type": {t: {"predicted": n, "correct": c, "precision": round(c / n, 4)}
                                          for t, (n, c) in sorted(by_type.items())},
            "triggers_by_confidence": by_confidence(confidences, scores["triggers"].gold),
            "arguments_by_confidence": arguments_by_confidence(documents),
            "entity_identity": bcubed(identity),
            "entity_identity_across": bcubed(across),
            "person_names": {"entities": len(people), "not_nominative": len(inflected),
                             "share": len(inflected) / len(people) if people else 0.0,
                             "examples": inflected[:10]}}


def evaluate_factru(path: Path, models, limit: int | None = None) -> dict:
    """NER scores on one factRuEval-format file: our resolved mentions and raw Natasha spans."""
    from tasks.nlp.annotate import annotate
    from tasks.nlp.entities import resolve_mentions, spans_to_mentions

    ours, raw, docs = NerScore(), NerScore(), 0
    for gold_doc in read_jsonl(path, limit, ("id", "text", "ner"), "factRuEval-format"):
        gold = gold_ner(gold_doc)
        doc = annotate(gold_doc["text"], models)
        mentions, _ = resolve_mentions(spans_to_mentions(doc, str(gold_doc["id"]), models), models, doc.text)
        ours.add(((m["type"], m["start"], m["stop"]) for m in mentions), gold)
        raw_doc = raw_natasha_doc(gold_doc["text"], models)
        raw.add(((s.type, s.start, s.stop) for s in raw_doc.spans), gold)
        docs += 1
    return {"file": str(path), "documents": docs,
            "ours": {t: c.as_dict() for t, c in ours.by_type.items()} | {"all": ours.total.as_dict()},
            "natasha": {t: c.as_dict() for t, c in raw.by_type.items()} | {"all": raw.total.as_dict()}}


def raw_natasha_doc(text: str, models):
    """Natasha's NER straight from NewsNERTagger, with no project processing, for comparison."""
    from natasha import Doc

    doc = Doc(text)
    doc.segment(models.segmenter)
    doc.tag_ner(models.ner_tagger)
    return doc
