"""Pandera models, one per warehouse table a run writes.

Row-level checks here quarantine the offending row; a schema-level failure (missing column,
wrong dtype) fails the run. Cross-table checks (a mention's text equals its slice of the
article) are SQL audits in sql/audits, run inside the load transaction.
"""
from __future__ import annotations

import datetime as dt

import pandera.polars as pa
import polars as pl
from pandera.api.polars.types import PolarsData

from tasks.nlp.events.taxonomy import load_event_types

ENTITY_TYPES = ["PER", "LOC", "ORG"]
EVENT_TYPES = sorted(row["type"] for row in load_event_types())
ROLES = ["participant", "target", "place", "time", "affiliation"]
SIDES = ["subject", "counterpart"]
QUAD_CLASSES = ["cooperation", "conflict", "neutral"]
DATE_PRECISIONS = ["day", "month", "year"]


def _not_blank(data: PolarsData) -> pl.LazyFrame:
    return data.lazyframe.select(pl.col(data.key).str.strip_chars().str.len_chars() > 0)


def _span_is_ordered(data: PolarsData, start: str, stop: str) -> pl.LazyFrame:
    return data.lazyframe.select((pl.col(start) >= 0) & (pl.col(start) < pl.col(stop)))


class ArticleModel(pa.DataFrameModel):
    article_id: str = pa.Field(unique=True, str_length={"min_value": 1})
    source_id: str = pa.Field(nullable=True)
    source_path: str = pa.Field(str_length={"min_value": 1})
    title: str = pa.Field(nullable=True)
    url: str = pa.Field(nullable=True)
    published_at: dt.datetime = pa.Field(nullable=True)
    source: str = pa.Field(nullable=True)
    topic: str = pa.Field(nullable=True)
    encoding: str = pa.Field(nullable=True)
    text: str
    content_hash: str = pa.Field(str_length={"min_value": 64, "max_value": 64})
    raw_hash: str = pa.Field(nullable=True)
    duplicate_of: str = pa.Field(nullable=True)
    text_minhash: bytes = pa.Field(nullable=True)

    @pa.check("text", name="text_not_blank")
    def text_not_blank(cls, data: PolarsData) -> pl.LazyFrame:
        return _not_blank(data)


class MentionModel(pa.DataFrameModel):
    mention_id: str = pa.Field(unique=True)
    article_id: str = pa.Field(str_length={"min_value": 1})
    start: int = pa.Field(ge=0)
    stop: int
    type: str = pa.Field(isin=ENTITY_TYPES)
    text: str = pa.Field(str_length={"min_value": 1})
    normal: str = pa.Field(nullable=True)
    first_name: str = pa.Field(nullable=True)
    last_name: str = pa.Field(nullable=True)
    middle_name: str = pa.Field(nullable=True)
    entity_id: str = pa.Field(str_length={"min_value": 1})
    sentence_index: int = pa.Field(ge=0)

    @pa.dataframe_check(name="start_before_stop")
    def start_before_stop(cls, data: PolarsData) -> pl.LazyFrame:
        return _span_is_ordered(data, "start", "stop")


class EntityModel(pa.DataFrameModel):
    entity_id: str = pa.Field(unique=True, str_length={"min_value": 1})
    type: str = pa.Field(isin=ENTITY_TYPES)
    name: str

    @pa.check("name", name="name_not_blank")
    def name_not_blank(cls, data: PolarsData) -> pl.LazyFrame:
        return _not_blank(data)


class EventModel(pa.DataFrameModel):
    event_id: str = pa.Field(unique=True)
    article_id: str = pa.Field(str_length={"min_value": 1})
    type: str = pa.Field(isin=EVENT_TYPES)
    quad_class: str = pa.Field(isin=QUAD_CLASSES)
    trigger_start: int = pa.Field(ge=0)
    trigger_stop: int
    trigger_text: str = pa.Field(str_length={"min_value": 1})
    trigger_lemma: str = pa.Field(nullable=True)
    event_date: dt.date = pa.Field(nullable=True)
    date_precision: str = pa.Field(nullable=True, isin=DATE_PRECISIONS)
    sentence_index: int = pa.Field(ge=0)
    sentence_start: int = pa.Field(ge=0)     # the evidence sentence, [start, stop) of the article
    sentence_stop: int
    confidence: float = pa.Field(nullable=True, ge=0, le=1)   # trigger model's probability (migration 013)

    @pa.dataframe_check(name="trigger_start_before_stop")
    def trigger_start_before_stop(cls, data: PolarsData) -> pl.LazyFrame:
        return _span_is_ordered(data, "trigger_start", "trigger_stop")

    @pa.dataframe_check(name="trigger_inside_sentence")
    def trigger_inside_sentence(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            (pl.col("sentence_start") <= pl.col("trigger_start"))
            & (pl.col("trigger_stop") <= pl.col("sentence_stop")))


class EventArgumentModel(pa.DataFrameModel):
    event_id: str = pa.Field(str_length={"min_value": 1})
    article_id: str = pa.Field(str_length={"min_value": 1})
    role: str = pa.Field(isin=ROLES)
    start: int = pa.Field(ge=0)
    stop: int
    text: str = pa.Field(str_length={"min_value": 1})
    entity_id: str = pa.Field(nullable=True)
    confidence: float = pa.Field(nullable=True, ge=0, le=1)   # role model's probability (migration 013)
    side: str = pa.Field(nullable=True, isin=SIDES)   # subject or counterpart (migration 014)
    nominative: str = pa.Field(nullable=True, str_length={"min_value": 1})   # a phrase's nominative (migration 017)

    @pa.dataframe_check(name="start_before_stop")
    def start_before_stop(cls, data: PolarsData) -> pl.LazyFrame:
        return _span_is_ordered(data, "start", "stop")


MODELS: dict[str, type[pa.DataFrameModel]] = {
    "articles": ArticleModel,
    "mentions": MentionModel,
    "entities": EntityModel,
    "events": EventModel,
    "event_arguments": EventArgumentModel,
}


def polars_schema(table: str) -> dict[str, pl.DataType]:
    """The polars dtypes a table's frame is built with, so empty and full batches agree."""
    return {name: column.dtype.type for name, column in MODELS[table].to_schema().columns.items()}
