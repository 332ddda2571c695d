"""Names of places and organisations whose noun the text shares among several.

"в Омской, Новосибирской и Кемеровской областях", "Луганской и Донецкой народных республик",
"в Красноярском и Приморском краях": the tagger tags "Омской" alone and "Кемеровской областях"
with the plural noun, so their names were "Омская" and "Кемеровская области", entities apart from
"Омская область" and "Кемеровская область". Each adjective here takes the noun, in the singular
and the nominative: "Омская область", "Донецкая народная республика".

The noun is shared when a singular adjective agrees in case and gender with a plural noun after
it: only a coordination of adjectives reads so ("Омской ... областях"). Between them the text may
have only other adjectives, commas, "и" / "или" and words in brackets ("Ростовской (Россия) и
Луганской (Украина) областей"). The plural adjectives right after the last singular one belong to
the noun ("народных республик"); one after a conjunction is a conjunct of its own ("Архангельской
и других областях" is "Архангельская область"). A noun a dash or colon lists them after is
shared too ("семь украинских областей — Волынская, Ровненская и Львовская").
"""
from __future__ import annotations

from tasks.nlp.canonical import QUOTES, TokenSpan, canonical_name, reads_as_adjective

NAMED_TYPES = ("LOC", "ORG")
JOINING_WORDS = frozenset({",", "и", "или"})
BRACKETS = {"(": ")"}


def _feats(token) -> dict:
    return token.feats or {}


def _singular_adjective(token) -> bool:
    return reads_as_adjective(token) and _feats(token).get("Number") == "Sing"


def _agrees(adjective, noun) -> bool:
    """A singular adjective and a plural noun in one case and gender."""
    a, n = _feats(adjective), _feats(noun)
    return (noun.pos == "NOUN" and n.get("Number") == "Plur" and a.get("Case") is not None
            and a.get("Case") == n.get("Case")
            and (n.get("Gender") is None or n.get("Gender") == a.get("Gender")))


def shared_noun(tokens: list, following: list) -> tuple[list, list] | None:
    """(the span's own adjectives, the words it takes from the shared noun phrase: plural
    adjectives and the noun) of a span `tokens` with `following` the sentence's tokens after it,
    or None when the span names itself."""
    own = [t for t in tokens if not QUOTES.fullmatch(t.text)]
    last = max((i for i, t in enumerate(own) if _singular_adjective(t)), default=None)
    if last is None or not all(reads_as_adjective(t) for t in own[:last + 1]):
        return None
    adjective = own[last]
    tail = own[last + 1:]
    if tail:        # the noun inside the span: "Кемеровской областях", "Донецкой народных республик"
        if all(t.pos == "ADJ" and _feats(t).get("Number") == "Plur" for t in tail[:-1]) and _agrees(adjective, tail[-1]):
            return own[:last + 1], tail
        return None
    taken, after_adjective, closing = [], True, None
    for token in following:      # the noun after the span: "Омской, ... областях"
        if closing is not None:
            closing = None if token.text == closing else closing
            continue
        if token.text in BRACKETS:
            closing = BRACKETS[token.text]
        elif token.text.lower() in JOINING_WORDS:
            taken, after_adjective = [], False
        elif reads_as_adjective(token) and _feats(token).get("Case") == _feats(adjective).get("Case"):
            if _feats(token).get("Number") == "Sing":
                taken, after_adjective = [], True
            elif after_adjective:
                taken.append(token)
        elif _agrees(adjective, token):
            return own, taken + [token]
        else:
            return None
    return None


LISTING_MARKS = frozenset({"—", "–", ":"})


def listed_noun(tokens: list, preceding: list):
    """The plural noun a list of adjectives follows ("семь украинских областей — Волынская,
    Ровненская и Львовская", "в двух областях: Омской и Томской"), or None; `preceding` are the
    sentence's tokens before the span, nearest last."""
    own = [t for t in tokens if not QUOTES.fullmatch(t.text)]
    if not own or not all(_singular_adjective(t) for t in own):
        return None
    gender = _feats(own[-1]).get("Gender")
    for index in range(len(preceding) - 1, 0, -1):
        token = preceding[index]
        if token.text in LISTING_MARKS:
            noun = preceding[index - 1]
            plural = noun.pos == "NOUN" and _feats(noun).get("Number") == "Plur"
            return noun if plural and _feats(noun).get("Gender") in (None, gender) else None
        if not (token.text.lower() in JOINING_WORDS
                or _singular_adjective(token) and _feats(token).get("Gender") == gender):
            return None
    return None


def _singular_nominative(token, gender: str | None, morph_vocab) -> str:
    """"областях" → "область", "народных" (of a feminine noun) → "народная", in the token's letter case."""
    wanted = {"Nom", "Sing"} | ({gender} if gender and token.pos == "ADJ" else set())
    word = token.text.lower().replace("ё", "е")
    case = _feats(token).get("Case")
    readings = [f for f in morph_vocab(word)
                if f.pos == token.pos and f.feats.get("Case") == case and f.feats.get("Number") == "Plur"]
    # "судов" is a form of "суд" and of "судно": the adjectives' gender tells which
    readings.sort(key=lambda f: token.pos == "NOUN" and f.feats.get("Gender") != gender)
    for form in readings:
        inflected = form.inflect(wanted)
        if inflected is not None:
            word = inflected.word
            break
    else:
        word = token.lemma or word
    return word[:1].upper() + word[1:] if token.text[:1].isupper() else word


def shared_noun_name(entity_type: str, tokens: list, preceding: list, following: list, morph_vocab) -> str | None:
    """The name of a span whose noun the text shares (see the module's doc), or None."""
    if entity_type not in NAMED_TYPES:
        return None
    found = shared_noun(tokens, following)
    if found is None:
        noun = listed_noun(tokens, preceding)
        if noun is None:
            return None
        found = [t for t in tokens if not QUOTES.fullmatch(t.text)], [noun]
    own, taken = found
    gender = _feats(own[-1]).get("Gender")
    adjectives = canonical_name(TokenSpan(" ".join(t.text for t in own), entity_type, own), morph_vocab)
    return " ".join([adjectives] + [_singular_nominative(t, gender, morph_vocab) for t in taken])


def name_shared_nouns(doc, morph_vocab) -> None:
    """Set the normal of each span of `doc` whose noun the text shares (spans within a sentence)."""
    for sentence in doc.sents:
        if not any(span.type in NAMED_TYPES for span in sentence.spans):
            continue
        tokens = sentence.tokens
        position = {id(token): index for index, token in enumerate(tokens)}
        for span in sentence.spans:
            if (span.type not in NAMED_TYPES or not span.tokens or id(span.tokens[0]) not in position
                    or id(span.tokens[-1]) not in position):
                continue
            name = shared_noun_name(span.type, span.tokens, tokens[:position[id(span.tokens[0])]],
                                    tokens[position[id(span.tokens[-1])] + 1:], morph_vocab)
            if name:
                span.normal = name
