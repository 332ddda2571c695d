"""Trigger lexicon and multiword patterns of the event extractor, read from tasks/nlp/lexicon/.

triggers.csv is derived from NEREL by flows/maintain/build_lexicon.py (lemma statistics + the curated type_map.csv);
patterns.csv pairs a head lemma with a dependent lemma ("продлить" + "арест") to type phrases
whose words alone are ambiguous, or to cancel a trigger (type "none": "день рождения").
senses.csv types an ambiguous trigger word by the words around it ("военная операция" is warfare,
"операция на колене" surgery, "акции компании" shares and no event); see senses.py.
"""
from __future__ import annotations

import csv
import functools
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from tasks.settings import LEXICON_DIR

TRIGGERS_CSV = LEXICON_DIR / "triggers.csv"
PATTERNS_CSV = LEXICON_DIR / "patterns.csv"
SENSES_CSV = LEXICON_DIR / "senses.csv"
NO_EVENT = "none"


@dataclass(frozen=True)
class Pattern:
    head_lemma: str
    dependent_lemma: str
    relations: frozenset[str]
    type: str


@dataclass(frozen=True)
class Sense:
    """One row of senses.csv: the trigger word `lemma` takes `type` when `cue` is the lemma of
    one of its dependents (where="dependent") or of its head (where="head"), with the relation in
    `relations` when given, the preposition of one of its dependents (where="preposition":
    "процесс над ..."), or the lemma of any word of its sentence (where="sentence");
    where="otherwise" gives the type when no earlier row matched."""
    lemma: str
    cue: str
    where: str
    relations: frozenset[str]
    type: str

    def related(self, token) -> bool:
        """Whether the token's relation is one the row names (any, when it names none)."""
        return not self.relations or token.rel in self.relations


SENSE_PLACES = ("dependent", "head", "preposition", "sentence", "otherwise")


@dataclass(frozen=True)
class Lexicon:
    triggers: dict[str, str]                        # lemma -> event type
    patterns: dict[tuple[str, str], Pattern]        # (head lemma, dependent lemma) -> pattern
    digest: str                                     # content hash of the lexicon files
    senses: dict[str, tuple[Sense, ...]] = field(default_factory=dict)  # lemma -> its rows, in file order

    def pattern_for(self, head_lemma: str, dependent_lemma: str, relation: str) -> Pattern | None:
        pattern = self.patterns.get((head_lemma, dependent_lemma))
        if pattern is None or (pattern.relations and relation not in pattern.relations):
            return None
        return pattern


def _read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _relations(row: dict) -> frozenset[str]:
    """A row's space-separated dependency relations; empty when any relation will do."""
    return frozenset((row["relations"] or "").split())


@functools.cache
def load_lexicon(triggers_path: Path = TRIGGERS_CSV, patterns_path: Path = PATTERNS_CSV,
                 senses_path: Path = SENSES_CSV) -> Lexicon:
    triggers: dict[str, str] = {}
    for row in _read_csv(triggers_path):
        # One type per lemma: the first row wins (the file is written sorted, one lemma per pos).
        triggers.setdefault(row["lemma"], row["type"])
    patterns = {}
    for row in _read_csv(patterns_path):
        patterns[(row["head_lemma"], row["dependent_lemma"])] = Pattern(
            row["head_lemma"], row["dependent_lemma"], _relations(row), row["type"])
    senses: dict[str, list[Sense]] = {}
    for row in _read_csv(senses_path):
        if row["where"] not in SENSE_PLACES:
            raise ValueError(f"{senses_path}: where must be one of {', '.join(SENSE_PLACES)}, not {row['where']!r}")
        senses.setdefault(row["lemma"], []).append(
            Sense(row["lemma"], row["cue"], row["where"], _relations(row), row["type"]))
    digest = hashlib.sha1(triggers_path.read_bytes() + b"\x00" + patterns_path.read_bytes()
                          + b"\x00" + senses_path.read_bytes())
    return Lexicon(triggers, patterns, digest.hexdigest()[:12],
                   {lemma: tuple(rows) for lemma, rows in senses.items()})
