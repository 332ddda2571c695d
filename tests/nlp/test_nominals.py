"""Participants beyond the named mentions of a sentence, on excerpts of real Lenta.ru articles:
titles resolved to the person the article gave them, unresolved ones kept with their text,
countries in the genitive left out, clause actors of reliable triggers."""
import dataclasses

import pytest

from tasks.nlp.entities import entity_id_for
from tasks.nlp.events.nominals import article_people, load_titles, titles_fit
from tasks.nlp.extract import extract_article
from tests.conftest import DATA

NOMINALS = DATA / "nominals"


def extract(models, name):
    text = (NOMINALS / name).read_text(encoding="utf-8")
    return text, extract_article({"article_id": name, "text": text, "published_at": None, "title": None}, models)


@pytest.fixture(scope="module")
def rules(models):
    """The rules alone, without the learned models: their roles are a feature of the role model,
    which decides for the named mentions of the sentence (tests/nlp/test_learned_events.py)."""
    return dataclasses.replace(models, events=None)


def actors(extraction, trigger_text):
    """Participants and targets of the first event with this trigger text."""
    event = next(e for e in extraction.events if e["trigger_text"] == trigger_text)
    return [a for a in extraction.event_arguments
            if a["event_id"] == event["event_id"] and a["role"] in ("participant", "target")]


@pytest.fixture(scope="module")
def coach(models):
    return extract(models, "lenta_0025_coach.txt")


def test_a_title_resolves_to_the_person_the_article_gave_it(coach):
    # "Главный тренер испанской «Барселоны» Херардо Мартино ..." then "тренер уйдет в отставку".
    text, extraction = coach
    arguments = actors(extraction, "уйдет в отставку")
    assert [(a["text"], a["entity_id"]) for a in arguments] == [
        ("тренер", entity_id_for("PER", "Херардо Мартино"))]
    # The span is the noun's own words in the event's sentence: the evidence stays readable.
    argument = arguments[0]
    assert text[argument["start"]:argument["stop"]] == "тренер"
    assert argument["start"] > text.index("По информации AS")


def test_a_title_no_one_was_given_is_kept_with_its_text_and_no_entity(models):
    # Лукашенко is named, but never called "президент" here: no name is guessed.
    text, extraction = extract(models, "lenta_0300_minister.txt")
    arguments = actors(extraction, "отставку")
    nominal = [a for a in arguments if a["text"] == "президент"]
    assert len(nominal) == 1 and nominal[0]["entity_id"] is None
    assert text[nominal[0]["start"]:nominal[0]["stop"]] == "президент"
    assert entity_id_for("PER", "Александр Лукашенко") not in {a["entity_id"] for a in arguments}


def test_a_title_with_its_own_modifier_does_not_fall_back_to_the_only_person(models):
    # Том Хэнкс is the only person before it, but "руководитель режиссерского департамента"
    # is a post of its own (Хэнкс heads the actors' branch).
    _, extraction = extract(models, "lenta_0104_academy.txt")
    arguments = actors(extraction, "туре голосования")
    assert [(a["text"], a["entity_id"]) for a in arguments] == [
        ("Руководитель режиссерского департамента", None)]


def test_a_country_in_the_genitive_is_not_a_participant_for_the_rules(rules):
    # "в матче десятого тура чемпионата России": Russia hosts the championship, it does not play.
    _, extraction = extract(rules, "lenta_0102_zenit.txt")
    event = next(e for e in extraction.events if e["trigger_text"].startswith("матче"))
    texts = {a["text"] for a in extraction.event_arguments if a["event_id"] == event["event_id"]}
    assert "России" not in texts


def test_a_country_as_subject_or_object_still_is(models):
    _, extraction = extract(models, "lenta_0070_georgia.txt")
    arguments = actors(extraction, "обвинила")
    assert {a["text"] for a in arguments} == {"Грузия", "Россию"}


def test_a_reliable_trigger_with_no_one_linked_takes_the_organisation_of_its_clause_for_the_rules(rules):
    # "Лайнер авиакомпании Malaysia Airlines разбился": the airline is two nouns below the verb.
    _, extraction = extract(rules, "lenta_0085_airliner.txt")
    arguments = actors(extraction, "разбился")
    assert [a["text"] for a in arguments] == ["Malaysia Airlines"]
    assert arguments[0]["entity_id"] is not None


def test_titles_fit_by_lemma_and_by_modifier_when_both_have_one():
    assert titles_fit(("глава", "мид"), frozenset({("глава", "мид")}))
    assert titles_fit(("президент", None), frozenset({("президент", "россия")}))
    assert titles_fit(("президент", "россия"), frozenset({("президент", None)}))
    assert not titles_fit(("глава", "мид"), frozenset({("глава", "минобороны")}))
    assert not titles_fit(("премьер", None), frozenset({("вице-премьер", None)}))
    assert {"президент", "глава", "министр", "тренер"} <= load_titles()


def test_a_title_in_the_genitive_of_another_title_is_not_the_names(models):
    # "пресс-секретарь российского лидера Дмитрий Песков": Песков is the press secretary, the
    # leader is Путин; a later "президент" or "лидер" must not stand for Песков.
    from tests.nlp.test_candidates import parse
    _, doc, mentions = parse(models, "lenta_0917_peskov.txt")
    people = article_people(doc, mentions)
    peskov = next(p for p in people.people if p.mention["text"] == "Дмитрий Песков")
    assert {lemma for lemma, _ in peskov.titles} == {"пресс-секретарь"}
    end = len(doc.text)
    first = doc.text.index("На встрече")  # later, "президентом Олландом" is a president too
    assert people.titled(("президент", None), first)["entity_id"] == entity_id_for("PER", "Владимир Путин")
    assert people.titled(("лидер", None), end) is None
    assert people.titled(("пресс-секретарь", None), end)["entity_id"] == entity_id_for("PER", "Дмитрий Песков")
