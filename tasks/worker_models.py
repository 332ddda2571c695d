"""Imported by the extraction pool's fork server: the models are built there once, and every
worker forked from it starts with them in (copy-on-write shared) memory."""
from tasks import extract  # noqa: F401  (the workers' code, imported once for all of them)
from tasks.nlp import load_models
from tasks.parallel import one_math_thread

one_math_thread()
load_models()
