"""Natasha models, loaded once per process, and the per-article annotation pass."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import metadata

from natasha.doc import DocSent
from natasha import (
    DatesExtractor,
    Doc,
    MorphVocab,
    NamesExtractor,
    NewsEmbedding,
    NewsMorphTagger,
    NewsNERTagger,
    NewsSyntaxParser,
    Segmenter,
)


@dataclass(frozen=True)
class Models:
    segmenter: Segmenter
    morph_vocab: MorphVocab
    morph_tagger: NewsMorphTagger
    syntax_parser: NewsSyntaxParser
    ner_tagger: NewsNERTagger
    names_extractor: NamesExtractor
    dates_extractor: DatesExtractor


@functools.cache
def load_models() -> Models:
    """Build the models once per process; every caller in the process shares them."""
    embedding = NewsEmbedding()
    morph_vocab = MorphVocab()
    return Models(
        segmenter=Segmenter(),
        morph_vocab=morph_vocab,
        morph_tagger=NewsMorphTagger(embedding),
        syntax_parser=NewsSyntaxParser(embedding),
        ner_tagger=NewsNERTagger(embedding),
        names_extractor=NamesExtractor(morph_vocab),
        dates_extractor=DatesExtractor(morph_vocab),
    )


def model_versions() -> dict[str, str]:
    """Versions of the packages whose models shape the output; stored with each run."""
    versions = {}
    for package in ("natasha", "slovnet", "navec", "yargy", "razdel", "pymorphy2", "pymorphy2-dicts-ru"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "absent"
    from tasks.lexicon import load_lexicon  # the event lexicon shapes events as much as the models
    versions["event_lexicon"] = load_lexicon().digest
    return versions


# razdel does not end a sentence at a line break, so a headline without a full stop merges
# with the paragraph after it. A blank line always ends a sentence; a single line break does when
# the next line starts like a sentence (hard-wrapped text continues in lower case).
LINE_BREAK = re.compile(r"\n\s*\n|\n(?=[ \t]*[«\"“„—–\-\d\[(A-ZА-ЯЁ])")


def split_at_line_breaks(doc: Doc) -> None:
    """Cut doc's sentences at line breaks (see LINE_BREAK) and re-attach their tokens."""
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


def annotate(text: str, models: Models) -> Doc:
    """Sentences, tokens with morphology, syntax and lemmas, NER spans with normal forms."""
    doc = Doc(text)
    doc.segment(models.segmenter)
    split_at_line_breaks(doc)
    doc.tag_morph(models.morph_tagger)
    doc.parse_syntax(models.syntax_parser)
    doc.tag_ner(models.ner_tagger)
    for token in doc.tokens:
        token.lemmatize(models.morph_vocab)
    for span in doc.spans:
        span.normalize(models.morph_vocab)
    return doc

