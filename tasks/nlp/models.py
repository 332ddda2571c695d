"""Natasha's models, built once per process and passed to whatever needs them."""
from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import metadata
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # natasha is imported only where models are built or used
    from natasha import (
        DatesExtractor,
        MorphVocab,
        NamesExtractor,
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
    from natasha import (
        DatesExtractor,
        MorphVocab,
        NamesExtractor,
        NewsEmbedding,
        NewsMorphTagger,
        NewsNERTagger,
        NewsSyntaxParser,
        Segmenter,
    )

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
    from tasks.nlp.events.lexicon import load_lexicon  # the event lexicon shapes events as much as the models
    versions["event_lexicon"] = load_lexicon().digest
    from tasks.nlp.events.nominals import titles_digest  # titles decide who a noun stands for
    versions["event_titles"] = titles_digest()
    return versions
