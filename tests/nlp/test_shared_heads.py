"""Places and organisations sharing one noun are named with it (tasks/nlp/shared_heads.py), on
sentences of Lenta.ru articles."""
import pytest

from tasks.nlp.annotate import annotate, annotate_per_document
from tasks.nlp.entities import resolve_mentions, spans_to_mentions


def names(text, models):
    mentions, _ = resolve_mentions(spans_to_mentions(annotate(text, models), "t", models), models, text)
    return {m["text"]: m["normal"] for m in mentions if m["type"] != "PER"}


@pytest.mark.parametrize("text, expected", [
    ("По его словам, подобные компании уже функционируют в Омской, Новосибирской, Кемеровской областях.",
     {"Омской": "Омская область", "Новосибирской": "Новосибирская область",
      "Кемеровской областях": "Кемеровская область"}),
    # the plural adjective right after the last one belongs to the noun
    (("В июне Савченко предложила провести прямые переговоры с лидерами самопровозглашенных Луганской и "
      "Донецкой народных республик."),
     {"Луганской": "Луганская народная республика", "Донецкой народных республик": "Донецкая народная республика"}),
    # words in brackets between them
    ("Речь идет об участке на границе Ростовской (Россия) и Луганской (Украина) областей.",
     {"Ростовской": "Ростовская область", "Луганской": "Луганская область", "Россия": "Россия"}),
    # "других" is a conjunct of its own, no part of the name
    ("С 1 января 2003 года в Красноярском и Приморском краях, в Амурской, Архангельской и других областях.",
     {"Красноярском": "Красноярский край", "Приморском краях": "Приморский край",
      "Амурской": "Амурская область", "Архангельской": "Архангельская область"}),
    # a noun listed before its adjectives
    ("Всего, по данным канала, в блокаде участвуют семь украинских областей — Волынская, Ровненская, Львовская.",
     {"Волынская": "Волынская область", "Ровненская": "Ровненская область", "Львовская": "Львовская область"}),
    # organisations too; "судов" is the plural of "суд", not of "судно"
    ("Гособвинители из Головинской межрайонной и Московской городской прокуратур подали представление.",
     {"Головинской межрайонной": "Головинская межрайонная прокуратура",
      "Московской городской прокуратур": "Московская городская прокуратура"}),
])
def test_adjectives_sharing_a_plural_noun_take_it_in_the_singular(models, text, expected):
    found = names(text, models)
    assert {mention: found.get(mention) for mention in expected} == expected


@pytest.mark.parametrize("text, expected", [
    # station names are adjectives in the nominative beside a noun in another case
    ('Движение остановлено на участке между станциями "Красногвардейская" и "Каширская".',
     {"Красногвардейская": "Красногвардейская", "Каширская": "Каширская"}),
    ("Выборы прошли в Кемеровской области.", {"Кемеровской области": "Кемеровская область"}),
    ("Колонна прошла по улицам Тверская и Моховая.", {"Тверская": "Тверская", "Моховая": "Моховая"}),
])
def test_names_with_a_noun_of_their_own_or_none_shared_stay(models, text, expected):
    found = names(text, models)
    assert {mention: found.get(mention) for mention in expected} == expected


def test_the_per_document_annotation_names_them_alike(models):
    text = "Пожары произошли в Красноярском и Приморском краях."
    assert ([span.normal for span in annotate_per_document(text, models).spans]
            == [span.normal for span in annotate(text, models).spans]
            == ["Красноярский край", "Приморский край"])
