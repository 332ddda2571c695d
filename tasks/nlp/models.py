"""Natasha's models, built once per process and passed to whatever needs them."""
from __future__ import annotations

import functools
import os
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
    # navec vectors (read by the event models) and the learned event models; None when built
    # without them (the training command parses its corpus before any model exists).
    embedding: object = None
    events: object = None


class ModelFileError(Exception):
    """A model file the extractor needs is missing or corrupt; the message names the file."""


def point_pymorphy_at_its_dictionary() -> None:
    """Name pymorphy2's Russian dictionary (the installed pymorphy2-dicts-ru) before an analyser is
    built. Left to find it, pymorphy2 imports pkg_resources and scans the entry points of every
    installed package: about 0.15 s of CPU in each process that builds one, both workers of a
    run among them, while Prefect's server boots on the same cores. A path the user set stays."""
    if "PYMORPHY2_DICT_PATH" not in os.environ:
        import pymorphy2_dicts_ru

        os.environ["PYMORPHY2_DICT_PATH"] = pymorphy2_dicts_ru.get_path()


@functools.cache
def load_models(events: bool = True) -> Models:
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

    from tasks.nlp.events.learned import EventModels, load_model_files

    model_files = load_model_files() if events else None   # before Natasha: a bad file fails fast
    embedding = NewsEmbedding()
    point_pymorphy_at_its_dictionary()
    morph_vocab = MorphVocab()
    return Models(
        segmenter=Segmenter(),
        morph_vocab=morph_vocab,
        morph_tagger=NewsMorphTagger(embedding),
        syntax_parser=NewsSyntaxParser(embedding),
        ner_tagger=NewsNERTagger(embedding),
        names_extractor=NamesExtractor(morph_vocab),
        dates_extractor=DatesExtractor(morph_vocab),
        embedding=embedding,
        events=EventModels(*model_files, embedding) if model_files else None,
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
    from tasks.nlp.events.learned import model_file_versions  # read here so a bad file fails the run early

    versions.update(model_file_versions())
    return versions
