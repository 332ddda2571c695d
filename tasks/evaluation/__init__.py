"""Scores of the extractor on gold corpora: NEREL events, factRuEval NER."""
