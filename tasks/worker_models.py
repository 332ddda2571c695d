"""Imported by the extraction pool's fork server: the models are built there once, and every
worker forked from it starts with them in (copy-on-write shared) memory."""
from threadpoolctl import threadpool_limits

from tasks import extract  # noqa: F401  (the workers' code, imported once for all of them)
from tasks.nlp import load_models

threadpool_limits(limits=1)
load_models()
