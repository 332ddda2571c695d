"""A sentence's dependency tree, with the walks the event rules need (clauses, phrases, names)."""
from __future__ import annotations

from collections import defaultdict

# Tokens that hang a name on its head word without changing who it is.
NAME_RELS = {"conj", "appos", "flat", "flat:name", "flat:foreign"}
# Relations that open a new clause: a place or date below them belongs to another predicate.
CLAUSE_RELS = {"ccomp", "parataxis", "acl:relcl", "acl", "advcl", "csubj", "xcomp"}
# A verb below these relations is a clause of its own ("задержанным в Баку", "и встретились").
VERB_CLAUSE_RELS = {"conj", "amod"}
# A noun trigger that hangs on a verb by these relations lives in that verb's clause.
NOUN_TO_VERB_RELS = {"nsubj", "nsubj:pass", "obj", "obl", "conj", "iobj"}


def person_noun(token) -> bool:
    """A common noun for people ("начальник", "сотрудники", "жена"): animate, by the tagger."""
    return token.pos == "NOUN" and (token.feats or {}).get("Animacy") == "Anim"


class SentenceTree:
    """Dependency tree of one sentence with parent/children lookups."""

    def __init__(self, sentence):
        self.tokens = sentence.tokens
        self.by_id = {t.id: t for t in self.tokens}
        self.children = defaultdict(list)
        for token in self.tokens:
            self.children[token.head_id].append(token)
        # Filled on demand: list.index compares natasha records field by field, and the learned
        # models ask for the same positions and head chains many times per sentence.
        self._positions: dict | None = None
        self._ancestors: dict = {}
        self._ancestor_index: dict = {}
        self._prepositions: dict = {}
        self._span_heads: dict = {}

    def position(self, token) -> int:
        """The token's index in self.tokens."""
        if self._positions is None:
            self._positions = {id(t): i for i, t in enumerate(self.tokens)}
        position = self._positions.get(id(token))
        return self.tokens.index(token) if position is None else position

    def ancestors(self, token) -> list:
        """The token and its heads up to the root (or to where the parser made a cycle)."""
        chain = self._ancestors.get(token.id)
        if chain is None:
            chain, seen, current = [token], {token.id}, token
            while True:
                head = self.head(current)
                if head is None or head.id in seen:
                    break
                chain.append(head)
                seen.add(head.id)
                current = head
            self._ancestors[token.id] = chain
        return chain

    def ancestor_index(self, token) -> dict:
        """token id -> steps up from token, over the tokens of self.ancestors(token)."""
        index = self._ancestor_index.get(token.id)
        if index is None:
            index = self._ancestor_index[token.id] = {t.id: i for i, t in enumerate(self.ancestors(token))}
        return index

    def head(self, token):
        return self.by_id.get(token.head_id)

    def kids(self, token, rels=None):
        children = self.children.get(token.id, ())
        return list(children) if rels is None else [c for c in children if c.rel in rels]

    def span_head(self, start: int, stop: int):
        """The syntactic head of the sentence's tokens that overlap [start, stop), or None."""
        # asked of each actor by parties.py and again by sides.py
        key = (start, stop)
        if key not in self._span_heads:
            tokens = [t for t in self.tokens if t.start < stop and start < t.stop]
            self._span_heads[key] = head_token(tokens, self) if tokens else None
        return self._span_heads[key]

    def preposition(self, token) -> str | None:
        """The preposition of the phrase token is in ("в городе Триполи" for Триполи: "в")."""
        # asked of most tokens by several feature builders (CRF, trigger and argument rows)
        if token.id in self._prepositions:
            return self._prepositions[token.id]
        found = self._prepositions[token.id] = self._preposition(token)
        return found

    def _case(self, token):
        """The token's first "case" child (its preposition), or None."""
        return next((c for c in self.children.get(token.id, ()) if c.rel == "case"), None)

    def _preposition(self, token) -> str | None:
        carrier, seen = token, set()
        while carrier.rel in NAME_RELS and carrier.id not in seen:
            seen.add(carrier.id)
            if self._case(carrier) is not None:
                break
            head = self.head(carrier)
            if head is None:
                break
            carrier = head
        case = self._case(carrier)
        return case.text.lower() if case is not None else None

    def phrase_top(self, token):
        """The head of the phrase the token's name is in, above conjuncts and appositions
        ("с фондами Cerberus, Highbridge" for Highbridge: "фондами")."""
        carrier, seen = token, set()
        while carrier.rel in NAME_RELS and carrier.id not in seen:
            seen.add(carrier.id)
            head = self.head(carrier)
            if head is None:
                break
            carrier = head
        return carrier

    def phrase_rel(self, token) -> str:
        """token's relation, seen through conjunctions and appositions to the phrase head."""
        return self.phrase_top(token).rel

    def expand(self, token) -> list:
        """The token with the tokens conjoined or in apposition to it ("Путин и Алиев")."""
        out, stack, seen = [], [token], set()
        while stack:
            current = stack.pop()
            if current.id in seen:
                continue
            seen.add(current.id)
            out.append(current)
            stack.extend(c for c in self.kids(current, NAME_RELS)
                         if c.pos in ("NOUN", "PROPN", "X") or current.pos not in ("NOUN", "PROPN"))
        return out

    def nominal_subtree(self, token, depth: int, keep=None) -> list:
        """Tokens reached from token through nominal modifiers, names and conjuncts; keep(head,
        child) says which children to follow (by default those in no prepositional phrase)."""
        if keep is None:
            def keep(_head, child):
                return self.preposition(child) is None
        out, frontier = [token], [token]
        for _ in range(depth):
            frontier = [c for t in frontier for c in self.kids(t, NAME_RELS | {"nmod"}) if keep(t, c)]
            out.extend(frontier)
        return out

    def clause(self, root) -> list:
        """Tokens under root that stay in root's clause."""
        out, stack, seen = [], [root], set()
        while stack:
            current = stack.pop()
            if current.id in seen:      # the parser can produce cycles
                continue
            seen.add(current.id)
            out.append(current)
            for child in self.kids(current):
                if child.rel in CLAUSE_RELS or (child.rel in VERB_CLAUSE_RELS and child.pos in ("VERB", "AUX")):
                    continue
                stack.append(child)
        return out

    def clause_root(self, token):
        """The token heading the clause that token belongs to."""
        current, seen = token, set()
        while True:
            seen.add(current.id)
            head = self.head(current)
            if head is None or head.id in seen or current.rel in CLAUSE_RELS or (
                    current.rel in VERB_CLAUSE_RELS and current.pos in ("VERB", "AUX")):
                return current
            current = head

    def predicate(self, anchor):
        """The verb whose clause holds the trigger: itself, or the verb a noun trigger hangs on."""
        if anchor.pos in ("VERB", "AUX"):
            return anchor
        head = self.head(anchor)
        if head is not None and head.pos in ("VERB", "AUX") and anchor.rel in NOUN_TO_VERB_RELS:
            return head
        return anchor


def head_token(tokens: list, tree: SentenceTree):
    """The token of a span whose head lies outside it (the syntactic head of a mention)."""
    ids = {t.id for t in tokens}
    for token in tokens:
        if token.head_id not in ids:
            return token
    return tokens[0]
