"""Events of one annotated article: typed triggers with their participants, targets, place and date.

Per sentence: triggers (triggers.py), their arguments (arguments.py) and their date (timing.py;
the time argument is the date expression the event date comes from, see tasks/nlp/dates.py).
An event's date comes from its own sentence only; a sentence without a date expression gives no
date. A failure on one sentence is a warning, and the article keeps its other events.
"""
from __future__ import annotations

from collections import defaultdict

from natasha import Doc

from tasks.nlp.dates import ResolvedDate, article_dates
from tasks.nlp.entities import short_hash
from tasks.nlp.events.arguments import MentionIndex, event_arguments, people_with_gender
from tasks.nlp.events.lexicon import Lexicon, load_lexicon
from tasks.nlp.events.taxonomy import quad_classes
from tasks.nlp.events.timing import choose_date
from tasks.nlp.events.tree import SentenceTree
from tasks.nlp.events.triggers import find_triggers
from tasks.nlp.models import Models

EVENT_COLUMNS = [
    "event_id", "article_id", "type", "quad_class", "trigger_start", "trigger_stop",
    "trigger_text", "trigger_lemma", "event_date", "date_precision", "sentence_index",
]
ARGUMENT_COLUMNS = ["event_id", "article_id", "role", "start", "stop", "text", "entity_id"]


def event_id_for(article_id: str, trigger_start: int, trigger_stop: int, event_type: str) -> str:
    return short_hash(article_id, trigger_start, trigger_stop, event_type)


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
    people = people_with_gender(doc, mentions)

    events, arguments = [], []
    for index, sentence in enumerate(doc.sents):
        try:
            sentence_events, sentence_arguments = sentence_events_of(
                doc, sentence, index, article_id, lexicon, classes,
                MentionIndex(mentions_by_sentence[index], index, people), dates_by_sentence[index])
        except Exception as error:  # one unparsable sentence must not cost the article its events
            warnings.append({"article_id": article_id, "stage": "events", "sentence_index": index,
                             "error": repr(error)})
            continue
        events.extend(sentence_events)
        arguments.extend(sentence_arguments)
    return events, arguments, warnings


def sentence_events_of(doc: Doc, sentence, index: int, article_id: str, lexicon: Lexicon,
                       classes: dict[str, str], mentions: MentionIndex,
                       dates: list[ResolvedDate]) -> tuple[list[dict], list[dict]]:
    tree = SentenceTree(sentence)
    events, arguments = [], []
    for trigger in find_triggers(tree, lexicon):
        event_id = event_id_for(article_id, trigger.start, trigger.stop, trigger.type)
        date = choose_date(tree, trigger, dates)
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
        })
        arguments.extend(event_arguments(tree, trigger, mentions, event_id, article_id))
        if date is not None:
            arguments.append({"event_id": event_id, "article_id": article_id, "role": "time",
                              "start": date.mention.start, "stop": date.mention.stop,
                              "text": date.mention.text, "entity_id": None})
    return events, arguments
