"""Events: triggers, their arguments and dates, per sentence of an annotated article (extract.py)."""
