"""Imported by the extraction pool's fork server: the workers' code (natasha, slovnet, yargy,
polars) is imported there once, so every worker forked from it starts with it. Each worker
builds its own models (about a second): built in the fork server too, they would stay resident
there as a third copy, counted in the run's memory."""
import natasha  # noqa: F401

from tasks import extract  # noqa: F401
from tasks.parallel import one_math_thread

one_math_thread()
