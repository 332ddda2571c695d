"""Events the text says did not happen are no events (tasks/nlp/events/polarity.py), on Lenta
articles and on sentences of the shapes the parser gives such denials."""
import pytest

from tasks.nlp.extract import extract_article
from tests.conftest import DATA


def events_of(models, text, name="polarity"):
    article = {"article_id": name, "text": text, "published_at": None, "title": None}
    return extract_article(article, models).events


def triggers_of(models, text):
    return {(e["trigger_text"], e["type"]) for e in events_of(models, text)}


def test_no_arrest_where_none_was_made_but_the_arson_stays(models):
    # "Полиция пока не вышла на след поджигателей. Никаких арестов проведено не было."
    text = (DATA / "lenta_0088_church_arson.txt").read_text(encoding="utf-8").strip()
    events = events_of(models, text, "lenta-0088")
    assert not [e for e in events if e["trigger_text"] == "арестов"]
    assert any(e["trigger_text"] == "подожгла" for e in events)


def test_a_chief_not_dismissed_has_no_dismissal_but_the_death_and_the_demand_stay(models):
    # "... многие потребовали отставки руководителя этой спецслужбы - Меира Дагана. Однако Даган
    # уволен не был."
    text = (DATA / "lenta_0627_dagan_not_dismissed.txt").read_text(encoding="utf-8").strip()
    events = events_of(models, text, "lenta-0627")
    assert not [e for e in events if e["trigger_text"] == "уволен"]
    assert any(e["trigger_text"] == "нашли мертвым" for e in events)
    assert any(e["trigger_text"] == "отставки" and e["type"] == "resignation" for e in events)


@pytest.mark.parametrize("sentence, trigger", [
    ("Суд не отпустил Марию Алёхину к ребёнку.", "отпустил"),
    ("В результате пожара никто не пострадал.", "пострадал"),
    ("Встреча президентов Армении и Азербайджана в Сочи не состоялась.", "Встреча"),
    ("Водитель автобуса едва не погиб в аварии под Тверью.", "погиб"),
    ("Подозреваемые в поджоге пока не задержаны, сообщает полиция.", "задержаны"),
], ids=["not-released", "no-one-hurt", "meeting-did-not-take-place", "almost-died", "not-yet-detained"])
def test_a_denied_event_is_left_out(models, sentence, trigger):
    assert trigger not in {text for text, _ in triggers_of(models, sentence)}


@pytest.mark.parametrize("sentence, trigger", [
    # two negations: the performance took place
    ("Не обошлось без выступления её коллеги и соавтора — Вити Исаева.", "выступления"),
    # "пока ... не": until; the election is still to come
    ("Престол останется вакантным, пока конклав кардиналов не изберет нового папу.", "изберет"),
    # "не только ..., но и": both took place
    ("Путин не только встретился с Обамой в Пекине, но и провел переговоры с Си Цзиньпином.", "встретился"),
], ids=["two-negations", "until", "not-only"])
def test_what_is_not_denied_stays(models, sentence, trigger):
    assert trigger in {text for text, _ in triggers_of(models, sentence)}
