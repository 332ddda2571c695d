"""Everything Natasha gives us for one article: mentions, entities, events, warnings.

A failure inside one extractor is isolated to the smallest piece of text it works on and
recorded as a warning; the article keeps all its other outputs.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from tasks.nlp.annotate import annotate, annotate_many
from tasks.nlp.countries import country_names
from tasks.nlp.entities import resolve_mentions, spans_to_mentions
from tasks.nlp.events.extract import extract_events
from tasks.nlp.models import Models
from tasks.quality.quarantine import QuarantineRow, quarantine_frame
from tasks.quality.validate import drop_orphans, split_valid, to_frame
from tasks.warehouse.staging import Staging

if TYPE_CHECKING:
    from natasha import Doc


@dataclass
class Extraction:
    mentions: list[dict] = field(default_factory=list)
    entities: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)
    event_arguments: list[dict] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)   # {article_id, stage, sentence_index, error}


def extract_article(article: dict, models: Models, doc: Doc | None = None) -> Extraction:
    """One article's outputs; `doc` is its annotation when it was annotated in a batch."""
    doc = doc if doc is not None else annotate(article["text"], models)
    mentions, entities = resolve_mentions(spans_to_mentions(doc, article["article_id"], models), models, doc.text)
    events, arguments, warnings = extract_events(doc, article, mentions, models)
    if doc.text != article["text"]:
        as_written(article["text"], mentions, events, arguments)
    return Extraction(mentions, entities + countries_acted_for(entities, arguments), events, arguments, warnings)


def as_written(text: str, mentions: list[dict], events: list[dict], arguments: list[dict]) -> None:
    """Mentions, triggers and arguments read from the article's copy in one script per word
    (annotate.annotate_many) with their text as the article has it ("CША" with its Latin C is the
    mention; its normal form, from the copy, stays "США")."""
    for row in (*mentions, *arguments):
        row["text"] = text[row["start"]:row["stop"]]
    for event in events:
        event["trigger_text"] = text[event["trigger_start"]:event["trigger_stop"]]


def countries_acted_for(entities: list[dict], arguments: list[dict]) -> list[dict]:
    """The countries the article does not name that a party acts for ("египетские полицейские":
    Egypt), as entities of the article, so that every argument's entity is one."""
    known = {e["entity_id"] for e in entities}
    countries = country_names()
    added = {a["entity_id"] for a in arguments if a.get("entity_id") not in known and a.get("entity_id") in countries}
    return [{"entity_id": entity_id, "type": "LOC", "name": countries[entity_id]} for entity_id in sorted(added)]


# Articles annotated together: enough for full tagger batches, few enough to keep memory small.
ANNOTATE_CHUNK = 32

EXTRACTION_SCHEMA = {"article_id": pl.String, "content_hash": pl.String, "extractor_version": pl.String}
WARNING_SCHEMA = {
    "article_id": pl.String, "source_path": pl.String, "stage": pl.String,
    "sentence_index": pl.Int32, "error": pl.String,
}


@dataclass
class BatchResult:
    articles: int = 0
    mentions: int = 0
    events: int = 0
    quarantined: int = 0
    warnings: int = 0
    schema_checks: dict = field(default_factory=dict)


def annotated(texts: pl.Series, models: Models, chunk: int = ANNOTATE_CHUNK) -> Iterator[Doc | None]:
    """Each text's annotation, made `chunk` articles at a time; None where a chunk fails, so its
    articles are annotated one by one and a bad one is quarantined alone."""
    for begin in range(0, len(texts), chunk):
        part = texts.slice(begin, chunk).to_list()
        try:
            yield from annotate_many(part, models)
        except Exception:
            yield from [None] * len(part)


def extract_batch(articles_path: str, staging: Staging, models: Models, extractor_version: str) -> BatchResult:
    """Analyse one staged batch of articles; stage validated rows, quarantine and warnings."""
    articles = pl.read_parquet(articles_path)
    batch = Path(articles_path).stem
    source_paths = dict(zip(articles["article_id"], articles["source_path"]))
    rows: dict[str, list[dict]] = {"mentions": [], "entities": [], "events": [], "event_arguments": []}
    extracted, warnings, quarantine = [], [], []
    for article, doc in zip(articles.iter_rows(named=True), annotated(articles["text"], models)):
        try:
            result = extract_article(article, models, doc)
        except Exception as error:  # one article's failure must not cost the batch
            quarantine.append(QuarantineRow(
                article["source_path"], "extract", f"extraction failed: {type(error).__name__}: {error}"[:1000],
                article_id=article["article_id"]))
            continue
        extracted.append({"article_id": article["article_id"], "content_hash": article["content_hash"],
                          "extractor_version": extractor_version})
        rows["mentions"].extend(result.mentions)
        rows["entities"].extend(result.entities)
        rows["events"].extend(result.events)
        rows["event_arguments"].extend(result.event_arguments)
        warnings.extend({**w, "article_id": article["article_id"], "source_path": article["source_path"]}
                        for w in result.warnings)

    entities = to_frame("entities", rows["entities"]).unique("entity_id", keep="first", maintain_order=True)
    events = to_frame("events", rows["events"])
    splits = {
        "entities": split_valid("entities", entities, source_paths),
        "mentions": split_valid("mentions", to_frame("mentions", rows["mentions"]), source_paths),
        "events": split_valid("events", events, source_paths),
        "event_arguments": split_valid("event_arguments", to_frame("event_arguments", rows["event_arguments"]), source_paths),
    }
    bad_entities = set(entities["entity_id"]) - set(splits["entities"].good["entity_id"])
    drop_orphans(splits["mentions"], "entity_id", bad_entities, "mentions", "its entity was quarantined", source_paths)
    bad_events = set(events["event_id"]) - set(splits["events"].good["event_id"])
    drop_orphans(splits["event_arguments"], "event_id", bad_events, "event_arguments", "its event was quarantined", source_paths)

    result = BatchResult(articles=len(extracted), warnings=len(warnings))
    for table, split in splits.items():
        staging.write(f"{table}_history", split.good, batch)
        quarantine.extend(split.quarantine)
        for check, failures in split.checks.items():
            key = (table, check)
            result.schema_checks[key] = result.schema_checks.get(key, 0) + failures
    staging.write("extractions", pl.DataFrame(extracted, schema=EXTRACTION_SCHEMA), batch)
    staging.write("quarantine", quarantine_frame(quarantine), f"extract-{batch}")
    staging.write("dq_warnings", pl.DataFrame(warnings, schema=WARNING_SCHEMA, strict=False), batch)
    result.mentions = splits["mentions"].good.height
    result.events = splits["events"].good.height
    result.quarantined = len(quarantine)
    return result
