"""NLP: Natasha models (built once), the batched annotation pass, entities, dates, events, and the
extraction of a staged batch over a pool of worker processes.

Modules import natasha only where they use it, so the run's own process does not load it when
there is nothing to extract.
"""
