"""The annotation pass over articles: sentences, tokens, morphology, syntax, lemmas, NER.

Annotation is batched across articles: slovnet's taggers run one padded matrix per batch, so
sentences of similar length from many articles tagged together cost less than article by
article, with the same result (padding is masked out).
"""
from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from tasks.nlp.canonical import canonical_name
from tasks.nlp.homoglyphs import in_one_script
from tasks.nlp.models import Models
from tasks.nlp.shared_heads import name_shared_nouns

if TYPE_CHECKING:
    from natasha import Doc, MorphVocab

# Sentences per morphology/syntax batch and articles per NER batch (inputs sorted by length).
SENTENCE_BATCH = 32
ARTICLE_BATCH = 8
# Distinct (word, POS, features) lemmas kept per process: news vocabulary repeats a lot (79% hits
# on lenta_1000, where 1,000 articles hold 46k keys). An entry costs about 1 KB, so the cap also
# bounds a worker's memory on a long run.
LEMMA_CACHE = 50_000


# razdel does not end a sentence at a line break, so a headline without a full stop merges
# with the paragraph after it. A blank line always ends a sentence; a single line break does when
# the next line starts like a sentence (hard-wrapped text continues in lower case).
LINE_BREAK = re.compile(r"\n\s*\n|\n(?=[ \t]*[«\"“„—–\-\d\[(A-ZА-ЯЁ])")


def split_at_line_breaks(doc: Doc) -> None:
    """Cut doc's sentences at line breaks (see LINE_BREAK) and re-attach their tokens."""
    from natasha.doc import DocSent

    sentences = []
    for sentence in doc.sents:
        pieces, begin = [], 0
        for match in LINE_BREAK.finditer(sentence.text):
            pieces.append((begin, match.start()))
            begin = match.end()
        pieces.append((begin, len(sentence.text)))
        for begin, end in pieces:
            text = sentence.text[begin:end]
            stripped = text.strip()
            if not stripped:
                continue
            start = sentence.start + begin + (len(text) - len(text.lstrip()))
            sentences.append(DocSent(start, start + len(stripped), stripped))
    doc.sents = sentences
    doc.envelop_sent_tokens()


def segment(text: str, models: Models) -> Doc:
    """A Doc with its tokens and sentences."""
    from natasha import Doc

    doc = Doc(text)
    doc.segment(models.segmenter)
    split_at_line_breaks(doc)
    return doc


def _by_length(items: Sequence, size: int, tag) -> list:
    """Run `tag` (a slovnet model's map) over items in batches of similar length; results in input order."""
    order = sorted(range(len(items)), key=lambda i: len(items[i]))
    results: list = [None] * len(items)
    for begin in range(0, len(order), size):
        chunk = order[begin:begin + size]
        for index, result in zip(chunk, tag([items[i] for i in chunk])):
            results[index] = result
    return results


@functools.lru_cache(maxsize=LEMMA_CACHE)
def _lemma(morph_vocab: MorphVocab, word: str, pos: str | None, feats: tuple | None) -> str:
    return morph_vocab.lemmatize(word, pos, None if feats is None else dict(feats))


def annotate_many(texts: Sequence[str], models: Models) -> list[Doc]:
    """Sentences, tokens with morphology, syntax and lemmas, NER spans with normal forms.

    Gives for each text exactly what natasha's per-document Doc methods give. Each doc reads the
    text with every mixed-script word in one script (homoglyphs.in_one_script: same length, same
    offsets); extraction gives back the article's own text in what it keeps (extract.as_written).
    """
    from natasha.doc import adapt_spans, inject_morph, inject_syntax, offset_syntax, sent_words

    docs = [segment(in_one_script(text), models) for text in texts]
    # A sentence without tokens (blank text) has nothing to tag, and slovnet's parser fails on it.
    sentences = [sentence for doc in docs for sentence in doc.sents if sentence.tokens]
    words = [sent_words(sentence) for sentence in sentences]
    for sentence, markup in zip(sentences, _by_length(words, SENTENCE_BATCH, models.morph_tagger.map)):
        inject_morph(sentence.tokens, markup.tokens)
    parses = iter(_by_length(words, SENTENCE_BATCH, models.syntax_parser.map))
    for doc in docs:
        for sentence_id, sentence in enumerate(doc.sents, 1):
            if sentence.tokens:
                inject_syntax(sentence.tokens, next(parses).tokens)
                offset_syntax(sentence_id, sentence.tokens)

    with_text = [doc for doc in docs if doc.text.strip()]  # natasha gives blank text no spans
    for doc in docs:
        doc.spans = []
    for doc, markup in zip(with_text, _by_length([doc.text for doc in with_text], ARTICLE_BATCH,
                                                   models.ner_tagger.map)):
        doc.spans = list(adapt_spans(doc, markup.spans))
        doc.envelop_span_tokens()
        doc.envelop_sent_spans()

    for doc in docs:
        for token in doc.tokens:
            feats = None if token.feats is None else tuple(sorted(token.feats.items()))
            token.lemma = _lemma(models.morph_vocab, token.text, token.pos, feats)
        for span in doc.spans:
            span.normal = canonical_name(span, models.morph_vocab)
        name_shared_nouns(doc, models.morph_vocab)
    return docs


def annotate(text: str, models: Models) -> Doc:
    """One article's annotation (see annotate_many)."""
    return annotate_many([text], models)[0]


def annotate_per_document(text: str, models: Models) -> Doc:
    """The same annotation through natasha's own per-document methods, one article at a time:
    the reference annotate_many equals, and the naive baseline bench/throughput.py measures."""
    doc = segment(in_one_script(text), models)
    doc.tag_morph(models.morph_tagger)
    doc.parse_syntax(models.syntax_parser)
    doc.tag_ner(models.ner_tagger)
    for token in doc.tokens:
        token.lemmatize(models.morph_vocab)
    for span in doc.spans:
        span.normal = canonical_name(span, models.morph_vocab)
    name_shared_nouns(doc, models.morph_vocab)
    return doc
