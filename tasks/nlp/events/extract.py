"""Events of one annotated article: typed triggers with their participants, targets, place and date.

Per sentence: triggers (triggers.py) typed by their word's sense (senses.py), their arguments
(arguments.py) less the names that are no party, a report's source or a person's affiliation
(parties.py), each party's side where a "с" phrase names a counterpart (sides.py), and
their date (timing.py; with the rules alone the time argument is the date
expression the event date comes from, see tasks/nlp/dates.py; the role model picks time arguments
among the sentence's time spans, while the event date stays the rules' choice among its date
expressions).
With the learned models (learned.py) loaded, the rules' triggers and arguments are features and
fallbacks; the models decide.
An event's date comes from its own sentence only; a sentence without a date expression gives no
date. A failure on one sentence is a warning, and the article keeps its other events. A date
from the text that falls after the publication date (an announcement, or a misread date) is
kept and flagged with a `dates` warning. Event ids are content-stable (tasks/nlp/ids.py).
"""
from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from typing import NamedTuple

from natasha import Doc

from tasks.nlp.canonical import phrase_name
from tasks.nlp.dates import DateMention, ResolvedDate, article_dates
from tasks.nlp.events.arguments import MentionIndex, event_arguments
from tasks.nlp.events.learned import (
    DocumentContext,
    EventModels,
    Scored,
    argument_rows,
    document_context,
    learned_arguments,
    learned_times,
    learned_triggers,
    predict_together,
    pulled_by_article,
    trigger_rows,
)
from tasks.nlp.events.lexicon import Lexicon, load_lexicon
from tasks.nlp.events.nominals import article_people, with_named_titles
from tasks.nlp.events.parties import parties_only
from tasks.nlp.events.phrases import contest_places, one_per_phrase, relatives, topic_places
from tasks.nlp.events.polarity import affirmed
from tasks.nlp.events.senses import with_senses
from tasks.nlp.events.sides import with_sides
from tasks.nlp.events.taxonomy import quad_classes
from tasks.nlp.events.timing import BIRTH, choose_date, of_birth, time_modifier, time_spans, year_in_trigger
from tasks.nlp.events.tree import SentenceTree
from tasks.nlp.events.triggers import Trigger, find_triggers
from tasks.nlp.ids import ContentIds
from tasks.nlp.models import Models

EVENT_COLUMNS = [
    "event_id", "article_id", "type", "quad_class", "trigger_start", "trigger_stop",
    "trigger_text", "trigger_lemma", "event_date", "date_precision", "sentence_index",
    "sentence_start", "sentence_stop", "confidence",
]
ARGUMENT_COLUMNS = ["event_id", "article_id", "role", "start", "stop", "text", "entity_id", "confidence",
                    "side", "nominative"]
# First line of the warning (its kind, as dq_summary groups warnings); the event follows.
DATE_AFTER_PUBLICATION = "event date after publication"


class RuleArguments(NamedTuple):
    """One event's arguments as the rules decided them (no role model), awaiting their sides."""
    tree: SentenceTree
    trigger: Trigger
    arguments: list[dict]


def extract_events(doc: Doc, article: dict, mentions: list[dict], models: Models):
    """Return (events, event_arguments, warnings) for one annotated article."""
    article_id = article["article_id"]
    lexicon = load_lexicon()
    classes = quad_classes()
    sentences = [(index, s.start, s.text) for index, s in enumerate(doc.sents)]
    resolved, failures = article_dates(sentences, models.dates_extractor, article.get("published_at"))
    warnings = [{"article_id": article_id, "stage": "dates", "sentence_index": index, "error": error}
                for index, error in failures]
    dates_by_sentence: dict[int, list[ResolvedDate]] = defaultdict(list)
    for date in resolved:
        dates_by_sentence[date.mention.sentence_index].append(date)
    mentions_by_sentence: dict[int, list[dict]] = defaultdict(list)
    for mention in mentions:
        mentions_by_sentence[mention["sentence_index"]].append(mention)
    people = article_people(doc, mentions)
    ids = ContentIds(article_id, doc.text)
    document = document_context(doc) if models.events is not None else None
    indexes = [MentionIndex(mentions_by_sentence[index], index, people) for index in range(len(doc.sents))]

    def failed(index: int, error: Exception) -> None:  # one unparsable sentence must not cost the article its events
        warnings.append({"article_id": article_id, "stage": "events", "sentence_index": index,
                         "error": repr(error)})

    # With the models, each is called once per article (stages 1 and 3 below), not per sentence
    # or trigger: a LightGBM call costs about what a few dozen rows do.
    triggers: dict[int, tuple[list[Trigger], Scored]] = {}
    if models.events is not None:
        for index in range(len(doc.sents)):
            try:
                triggers[index] = sentence_trigger_rows(people, index, lexicon, indexes[index], models.events,
                                                        document)
            except Exception as error:  # noqa: BLE001
                failed(index, error)
        predict_together(models.events.triggers, [scored for _, scored in triggers.values()])
        pulled_by_article(models.events.triggers, [scored for _, scored in triggers.values()])
    done = []
    for index, sentence in enumerate(doc.sents):
        if models.events is not None and index not in triggers:
            continue
        try:
            done.append((index, *sentence_events_of(
                doc, sentence, index, article_id, lexicon, classes, indexes[index], dates_by_sentence[index],
                ids, models.events, document, triggers.get(index))))
        except Exception as error:  # noqa: BLE001
            failed(index, error)
    if models.events is not None:
        predict_together(models.events.arguments,
                         [part[1] for _, _, parts in done for part in parts if not isinstance(part, RuleArguments)])
    events, arguments = [], []
    for index, sentence_events, parts in done:
        try:
            tree = people.trees[index]
            # the table's columns in order; the rules' arguments carry no confidence
            rows = [{column: a.get(column) for column in ARGUMENT_COLUMNS}
                    | {"nominative": phrase_name_of(a, tree, models.morph_vocab)}
                    for a in finish_arguments(parts, models.events, indexes[index])]
        except Exception as error:  # noqa: BLE001
            failed(index, error)
            continue
        events.extend(sentence_events)
        arguments.extend(rows)
    warnings.extend(dates_after_publication(events, article.get("published_at")))
    return events, arguments, warnings


def phrase_name_of(argument: dict, tree: SentenceTree, morph_vocab) -> str | None:
    """The nominative of an argument's phrase when no entity names it ("военнослужащих" →
    "военнослужащие"), so one party reads alike in every case; None for a time or a named one."""
    if argument["entity_id"] is not None or argument["role"] == "time":
        return None
    tokens = [t for t in tree.tokens if t.start >= argument["start"] and t.stop <= argument["stop"]]
    before = [t for t in tree.tokens if t.stop <= argument["start"]]
    return phrase_name(argument["text"], tokens, morph_vocab, all(t.pos == "PUNCT" for t in before))


def dates_after_publication(events: list[dict], published_at) -> list[dict]:
    """A `dates` warning for each event whose date from the text starts after the article was
    published: announcements are real, but so are misread years, so an analyst should see them."""
    published = published_at.date() if isinstance(published_at, dt.datetime) else published_at
    if published is None:
        return []
    return [{"article_id": e["article_id"], "stage": "dates", "sentence_index": e["sentence_index"],
             "error": f"{DATE_AFTER_PUBLICATION}\n{e['event_id']} {e['type']} "
                      f"{e['event_date']} ({e['date_precision']}) > published {published}; kept"}
            for e in events if e["event_date"] is not None and e["event_date"] > published]


def sentence_trigger_rows(people, index: int, lexicon: Lexicon, mentions: MentionIndex,
                          event_models: EventModels, document: DocumentContext | None) -> tuple[list[Trigger], Scored]:
    """A sentence's rule triggers and the trigger model's candidate rows, to be predicted with the
    article's other sentences."""
    tree = people.trees[index]
    rules = find_triggers(tree, lexicon)
    return rules, trigger_rows(tree, rules, mentions.mentions, lexicon, event_models, document)


def finish_arguments(parts: list, event_models: EventModels | None, mentions: MentionIndex) -> list[dict]:
    """A sentence's arguments in order, each with its side: the rules' as they are, the role
    model's decisions for each (tree, scored argument rows, trigger, rule arguments, event id,
    article id) part."""
    out, text = [], mentions.people.text
    named = {(m["start"], m["stop"]): m["entity_id"] for m in mentions.mentions if m["type"] == "PER"}
    people = set(named)         # person_spans
    surnamed = {(m["start"], m["stop"]) for m in mentions.mentions if m["type"] == "PER" and m.get("last_name")}
    places = {(m["start"], m["stop"]) for m in mentions.mentions if m["type"] == "LOC"}
    for part in parts:
        if isinstance(part, RuleArguments):
            tree, trigger, arguments = part.tree, part.trigger, part.arguments
        else:
            tree, scored, trigger, found, event_id, article_id = part
            arguments = learned_arguments(
                tree, trigger, mentions.mentions, found, event_models, event_id, article_id, mentions, scored,
                parties=functools.partial(parties_of, tree, trigger, people, mentions))
        arguments = relatives(tree, trigger, contest_places(tree, topic_places(tree, trigger, arguments), places),
                              text, surnamed, named)
        arguments = one_per_phrase(tree, arguments, text, people)
        out.extend(with_sides(tree, trigger, arguments))
    return out


def parties_of(tree: SentenceTree, trigger: Trigger, people: set, mentions: MentionIndex,
               arguments: list[dict]) -> list[dict]:
    """The role model's arguments with each title linked to its person, less who is no party."""
    return parties_only(tree, trigger, with_named_titles(tree, arguments, mentions.people), people, mentions)


def person_spans(mentions: MentionIndex) -> set[tuple[int, int]]:
    return {(m["start"], m["stop"]) for m in mentions.mentions if m["type"] == "PER"}


def sentence_events_of(doc: Doc, sentence, index: int, article_id: str, lexicon: Lexicon,
                       classes: dict[str, str], mentions: MentionIndex, dates: list[ResolvedDate], ids: ContentIds,
                       event_models: EventModels | None = None, document: DocumentContext | None = None,
                       scored: tuple[list[Trigger], Scored] | None = None) -> tuple[list[dict], list]:
    """A sentence's events, and its arguments as finish_arguments' parts; with the models, `scored`
    holds its rule triggers and their predicted candidate rows (sentence_trigger_rows)."""
    # The article's trees are built once (nominals.article_people); a lone sentence builds its own.
    trees = mentions.people.trees
    tree = trees[index] if index < len(trees) else SentenceTree(sentence)
    events, arguments, times = [], [], None
    triggers = find_triggers(tree, lexicon) if scored is None else scored[0]
    if event_models is not None:  # the rules' triggers and arguments are features of the models
        triggers = learned_triggers(tree, triggers, mentions.mentions, lexicon, event_models, document,
                                    scored[1] if scored is not None else None)
    triggers = affirmed(tree, with_senses(tree, triggers, lexicon))
    people = person_spans(mentions) if triggers else set()
    births = [d for d in dates if of_birth(doc.text, d)]
    others = [d for d in dates if d not in births] if births else dates
    for trigger in triggers:
        event_id = ids(f"event:{trigger.type}", trigger.start, trigger.stop)
        date = choose_date(tree, trigger, dates if trigger.type == BIRTH else others) or year_in_trigger(trigger, index)
        events.append({
            "event_id": event_id,
            "article_id": article_id,
            "type": trigger.type,
            "quad_class": classes[trigger.type],
            "trigger_start": trigger.start,
            "trigger_stop": trigger.stop,
            "trigger_text": doc.text[trigger.start:trigger.stop],
            "trigger_lemma": " ".join(t.lemma for t in sorted(trigger.span_tokens, key=lambda t: t.start)),
            "event_date": date.date if date else None,
            "date_precision": date.precision if date else None,
            "sentence_index": index,
            "sentence_start": sentence.start,
            "sentence_stop": sentence.stop,
            "confidence": trigger.confidence,
        })
        found = parties_only(tree, trigger, event_arguments(tree, trigger, mentions, event_id, article_id), people,
                             mentions)
        when = date.mention if date is not None else time_modifier(tree, trigger, index)
        if when is not None:
            found.append(time_argument(when, event_id, article_id))
        if event_models is not None:  # decided once the article's candidates are predicted
            # The model picks the time arguments among the sentence's time spans; the event's date
            # stays the rules' choice among its date expressions.
            if times is None and learned_times(event_models):
                times = time_spans(sentence.start, sentence.text, others, births)
            arguments.append((tree, argument_rows(tree, trigger, mentions.mentions, found, event_models, mentions,
                                                  times), trigger, found, event_id, article_id))
        else:
            arguments.append(RuleArguments(tree, trigger, found))
    return events, arguments


def time_argument(when: DateMention, event_id: str, article_id: str) -> dict:
    return {"event_id": event_id, "article_id": article_id, "role": "time",
            "start": when.start, "stop": when.stop, "text": when.text, "entity_id": None}
