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


def test_the_c_dawg_reader_gives_what_dawg_python_gives(models):
    # pymorphy2 reads its dictionaries through the `dawg` C extension (DAWG2, for CPU): the
    # lookups lemmas and names come from must equal those of the pure-Python reader
    import dawg_python
    import pymorphy2.dawg

    assert pymorphy2.dawg.EXTENSION_AVAILABLE
    vocab = models.morph_vocab
    path = f"{vocab.dictionary.path}/words.dawg"
    python_words = dawg_python.RecordDAWG(pymorphy2.dawg.WordsDawg.DATA_FORMAT).load(path)
    words = {w.lower() for p in sorted(SAMPLE.glob("*.txt")) for w in p.read_text(encoding="utf-8").split()}
    words = sorted(w.strip(".,«»()\"!?:;") for w in words) + ["ёж", "еж", "маять", "путину"]
    substitutes = {"е": "ё"}                 # pymorphy2's for Russian
    assert vocab.char_substitutes == vocab.dictionary.words.compile_replaces(substitutes)
    python_substitutes = python_words.compile_replaces(substitutes)
    found = 0
    for word in words:
        expected = python_words.similar_items(word, python_substitutes)
        assert vocab.dictionary.words.similar_items(word, vocab.char_substitutes) == expected
        found += bool(expected)
    assert found > 100
