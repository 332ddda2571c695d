"""Natasha models, loaded once per process, and the per-article annotation pass."""
from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import metadata

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
    return versions


def annotate(text: str, models: Models) -> Doc:
    """Sentences, tokens with morphology, syntax and lemmas, NER spans with normal forms."""
    doc = Doc(text)
    doc.segment(models.segmenter)
    doc.tag_morph(models.morph_tagger)
    doc.parse_syntax(models.syntax_parser)
    doc.tag_ner(models.ner_tagger)
    for token in doc.tokens:
        token.lemmatize(models.morph_vocab)
    for span in doc.spans:
        span.normalize(models.morph_vocab)
    return doc

