"""Batched annotation gives exactly what natasha's per-document pipeline gives."""

from tasks.nlp.annotate import annotate, annotate_many, annotate_per_document
from tests.conftest import SAMPLE


def layers(doc):
    return {
        "tokens": [(t.start, t.stop, t.pos, t.feats, t.id, t.head_id, t.rel, t.lemma) for t in doc.tokens],
        "spans": [(s.start, s.stop, s.type, s.normal, [t.start for t in s.tokens]) for s in doc.spans],
        "sentences": [(s.start, s.stop, [t.start for t in s.tokens], [x.start for x in s.spans or []])
                      for s in doc.sents],
    }


def test_batched_annotation_equals_natasha_per_document(models):
    texts = [path.read_text(encoding="utf-8") for path in sorted(SAMPLE.glob("*.txt"))]
    texts += ["Путин прилетел в Душанбе.\nАлиев встретил его в аэропорту.", ""]
    batched = annotate_many(texts, models)
    assert len(batched) == len(texts)
    for text, doc in zip(texts, batched):
        assert doc.text == text
        assert layers(doc) == layers(annotate_per_document(text, models))
    assert any(span.type == "PER" for doc in batched for span in doc.spans)


def test_blank_text_annotates_to_nothing_instead_of_failing(models):
    # natasha's syntax parser raises on the empty sentence razdel finds in blank text
    doc = annotate("   \n ", models)
    assert doc.spans == [] and doc.tokens == []
