import polars as pl
import pytest

from tasks.quality.validate import SchemaLevelError, split_valid, to_frame


def mention(**overrides):
    row = {"mention_id": "m1", "article_id": "a1", "start": 0, "stop": 5, "type": "PER", "text": "Путин",
           "normal": "Путин", "entity_id": "e1", "sentence_index": 0}
    return {**row, **overrides}


def test_bad_rows_are_quarantined_with_reasons_and_good_rows_stay():
    frame = to_frame("mentions", [
        mention(),
        mention(mention_id="m2", type="MISC"),
        mention(mention_id="m3", start=9, stop=4),
    ])
    split = split_valid("mentions", frame, {"a1": "/in/a.txt"})
    assert split.good["mention_id"].to_list() == ["m1"]
    reasons = {(q["column_name"], q["check_name"]) for q in split.quarantine}
    assert ("type", "isin(['PER', 'LOC', 'ORG'])") in reasons
    assert any(q["check_name"] == "start_before_stop" for q in split.quarantine)
    assert {q["source_path"] for q in split.quarantine} == {"/in/a.txt"}
    assert all(q["reason"] and q["record"] for q in split.quarantine)


def test_duplicate_ids_are_quarantined():
    split = split_valid("mentions", to_frame("mentions", [mention(), mention()]))
    assert split.good.height == 0 and len(split.quarantine) == 2


def test_blank_article_text_is_quarantined():
    article = {"article_id": "a", "source_path": "/in/a.txt", "text": " \n ", "content_hash": "0" * 64}
    split = split_valid("articles", to_frame("articles", [article]))
    assert split.good.height == 0
    assert split.quarantine[0]["check_name"] == "text_not_blank"


def test_missing_column_fails_the_whole_frame():
    frame = to_frame("mentions", [mention()]).drop("entity_id")
    with pytest.raises(SchemaLevelError, match="entity_id"):
        split_valid("mentions", frame)


def test_wrong_dtype_fails_the_whole_frame():
    frame = to_frame("mentions", [mention()]).with_columns(pl.col("start").cast(pl.String))
    with pytest.raises(SchemaLevelError, match="start"):
        split_valid("mentions", frame)


def test_event_of_a_type_outside_the_taxonomy_is_quarantined():
    event = {"event_id": "e1", "article_id": "a1", "type": "meeting", "quad_class": "cooperation",
             "trigger_start": 0, "trigger_stop": 7, "trigger_text": "встреча", "sentence_index": 0,
             "sentence_start": 0, "sentence_stop": 20}
    split = split_valid("events", to_frame("events", [event, {**event, "event_id": "e2", "type": "picnic"}]))
    assert split.good["event_id"].to_list() == ["e1"]
    assert split.quarantine[0]["column_name"] == "type" and split.quarantine[0]["value"] == "picnic"


def test_an_affiliation_is_a_valid_role_and_an_unknown_role_is_quarantined():
    def argument(role):
        return {"event_id": "e1", "article_id": "a1", "role": role, "start": 30, "stop": 48,
                "text": "Соединенных Штатов", "entity_id": "us", "confidence": None}
    split = split_valid("event_arguments", to_frame("event_arguments", [argument("affiliation"), argument("sponsor")]))
    assert split.good["role"].to_list() == ["affiliation"]
    assert [q["column_name"] for q in split.quarantine] == ["role"]


def test_a_side_is_subject_counterpart_or_none_and_any_other_is_quarantined():
    def argument(side):
        return {"event_id": "e1", "article_id": "a1", "role": "participant", "start": 0, "stop": 8,
                "text": "ЛУКОЙЛом", "entity_id": "lukoil", "confidence": 0.9, "side": side}
    rows = [argument("counterpart"), argument("subject"), argument(None), argument("host")]
    split = split_valid("event_arguments", to_frame("event_arguments", rows))
    assert split.good["side"].to_list() == ["counterpart", "subject", None]
    assert [(q["column_name"], q["value"]) for q in split.quarantine] == [("side", "host")]
