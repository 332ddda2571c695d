from tasks.nlp.annotate import annotate
from tasks.nlp.entities import entity_id_for, name_key, resolve_mentions, resolve_people, spans_to_mentions
from tasks.nlp.models import load_models
from tests.conftest import SEED_ARTICLE


def test_partial_names_take_the_one_full_name_that_contains_them():
    resolved = resolve_people(["Владимир Путин", "Путин", "Ильхам Алиев", "Алиев", "Песков"])
    assert resolved["Путин"] == "Владимир Путин"
    assert resolved["Алиев"] == "Ильхам Алиев"
    assert resolved["Песков"] == "Песков"          # no full name in the article: stays as is


def test_ambiguous_partial_name_is_left_alone():
    resolved = resolve_people(["Ильхам Алиев", "Гейдар Алиев", "Алиев"])
    assert resolved["Алиев"] == "Алиев"


def test_longest_name_wins_over_intermediate_ones():
    resolved = resolve_people(["Путин", "Владимир Путин", "Владимир Владимирович Путин"])
    assert resolved["Путин"] == resolved["Владимир Путин"] == "Владимир Владимирович Путин"


def test_entity_ids_ignore_case_and_yo():
    assert name_key("Пётр  Иванов") == name_key("петр иванов")
    assert entity_id_for("PER", "Пётр Иванов") == entity_id_for("PER", "ПЕТР ИВАНОВ")
    assert entity_id_for("PER", "Москва") != entity_id_for("LOC", "Москва")


def test_seed_article_mentions_resolve_to_full_names():
    models = load_models()
    text = SEED_ARTICLE.read_text(encoding="utf-8")
    mentions, entities = resolve_mentions(spans_to_mentions(annotate(text, models), "seed", models), models)
    names = {(e["type"], e["name"]) for e in entities}
    assert {("PER", "Владимир Путин"), ("PER", "Ильхам Алиев"), ("LOC", "Душанбе"),
            ("ORG", "Сабаильский районный суд")} <= names
    putin = entity_id_for("PER", "Владимир Путин")
    putin_mentions = [m for m in mentions if m["text"].startswith("Путин")]
    assert len(putin_mentions) >= 5
    assert all(m["entity_id"] == putin for m in putin_mentions)
    for m in mentions:
        assert text[m["start"]:m["stop"]] == m["text"]
    full = next(m for m in mentions if m["text"] == "Владимира Путина")
    assert (full["first_name"], full["last_name"]) == ("Владимир", "Путин")


def test_lexicon_corrects_the_taggers_type_for_names_nerel_agrees_on():
    models = load_models()
    text = "Лидеры ЕС собрались в Брюсселе."
    mentions = spans_to_mentions(annotate(text, models), "a", models)
    assert ("ЕС", "ORG") in {(m["text"], m["type"]) for m in mentions}


def test_legal_form_and_abbreviation_spans_are_split_into_names():
    models = load_models()
    text = "Акции ОАО «Газпром» выросли, сообщил Комитет защиты журналистов (КЗЖ)."
    mentions = spans_to_mentions(annotate(text, models), "a", models)
    found = {(m["text"], m["type"]) for m in mentions}
    assert ("Газпром", "ORG") in found
    assert {("Комитет защиты журналистов", "ORG"), ("КЗЖ", "ORG")} <= found
    for m in mentions:
        assert text[m["start"]:m["stop"]] == m["text"]
