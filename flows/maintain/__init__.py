"""Maintainer tools, not part of a run: rebuild the extractor's data (tasks/nlp/lexicon/) from
the gold corpora. Run as `python -m flows.maintain.<tool> --help`."""
