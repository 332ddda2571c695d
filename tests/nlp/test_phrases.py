"""One party or place per noun phrase (tasks/nlp/events/phrases.py), on Lenta sentences."""
from tasks.nlp.entities import entity_id_for
from tasks.nlp.extract import extract_article


def _arguments(models, text: str, trigger: str) -> list[dict]:
    result = extract_article({"article_id": "phrase", "text": text, "published_at": None, "title": None}, models)
    events = {e["event_id"] for e in result.events if e["trigger_text"].startswith(trigger)}
    assert events, [(e["type"], e["trigger_text"]) for e in result.events]
    return [a for a in result.event_arguments if a["event_id"] in events]


def test_a_body_and_its_country_are_one_party_of_the_country(models):
    arguments = _arguments(models, "Полиция Южной Кореи задержала лидера профсоюзного объединения страны.", "задержала")
    parties = [a for a in arguments if a["role"] in ("participant", "target")]
    assert "Полиция Южной Кореи" in {a["text"] for a in parties}, parties
    assert not {"Полиция", "Южной Кореи"} & {a["text"] for a in parties}, parties
    police = next(a for a in parties if a["text"] == "Полиция Южной Кореи")
    assert police["entity_id"] == entity_id_for("LOC", "Южная Корея")


def test_a_place_noun_and_the_name_below_it_are_one_place(models):
    arguments = _arguments(models, "В первомайском шествии в центре Москвы приняли участие 90 тысяч человек.", "шествии")
    places = [a for a in arguments if a["role"] == "place"]
    assert [a["text"] for a in places] == ["центре Москвы"], places
    assert places[0]["entity_id"] == entity_id_for("LOC", "Москва")


def test_a_quoted_name_in_apposition_joins_its_noun_with_its_quotes(models):
    text = "Гражданская панихида по ушедшему из жизни спортсмену состоится в среду, 16 декабря, на стадионе «Метеор»."
    places = {a["text"] for a in _arguments(models, text, "панихида") if a["role"] == "place"}
    assert "стадионе «Метеор»" in places and not {"стадионе", "Метеор", "стадионе «Метеор"} & places, places


def test_two_teams_and_a_dative_the_parser_hung_on_a_noun_stay_apart(models):
    teams = _arguments(models, 'Матч "Динамо" - "Амкар" состоялся в рамках девятого тура первенства молодежных команд.',
                       "Матч")
    assert {"Динамо", "Амкар"} <= {a["text"] for a in teams}, teams
    text = ("Однако 13 июля 2006 года на заседании ученого совета Алферову сообщили, "
            "что он смещен с поста председателя.")
    meeting = _arguments(models, text, "заседании")
    assert not any("Алферову" in a["text"] and a["text"] != "Алферову" for a in meeting), meeting


def test_a_person_below_a_body_stays_a_party_and_a_person_in_a_place_name_is_the_place(models):
    text = "Правительство Моссадыка было свергнуто военными, шах вернулся в Иран."
    coup = _arguments(models, text, "свергнуто")
    assert "Моссадыка" in {a["text"] for a in coup if a["role"] in ("participant", "target")}, coup
    places = [a for a in _arguments(models, "По имеющимся данным, отпевание пройдет в храме Христа Спасителя.",
                                    "отпевание") if a["role"] == "place"]
    assert [(a["text"], a["entity_id"]) for a in places] == [("храме Христа Спасителя", None)], places


def _parties(arguments: list[dict]) -> list[dict]:
    return [a for a in arguments if a["role"] in ("participant", "target")]


def test_a_relative_named_by_kinship_is_the_party_and_the_name_whose(models):
    text = ("Кроме того, Губерниев коснулся вопроса смерти жены Малафеева, которая погибла "
            "в автомобильной аварии в марте этого года.")
    for trigger in ("погибла", "аварии"):
        arguments = _arguments(models, text, trigger)
        parties = _parties(arguments)
        assert [(a["text"], a["entity_id"]) for a in parties] == [("жены Малафеева", None)], parties
        assert [a["text"] for a in arguments if a["role"] == "affiliation" and a["entity_id"]] == ["Малафеева"]


def test_a_title_between_the_kinship_word_and_the_name(models):
    text = ("В США скончался старший брат финансиста Дж.Сороса.\n\n"
            "В США скончался старший брат финансиста Джорджа Сороса - Пол Сорос, передает Associated Press.")
    result = extract_article({"article_id": "soros", "text": text, "published_at": None, "title": None}, models)
    deaths = [e["event_id"] for e in result.events if e["trigger_text"] == "скончался"]
    assert len(deaths) == 2, result.events
    first = [a for a in result.event_arguments if a["event_id"] == deaths[0]]
    assert "брат финансиста Дж.Сороса" in {a["text"] for a in _parties(first)}, first
    assert not any(a["text"] == "Дж.Сороса" for a in _parties(first)), first
    second = _parties([a for a in result.event_arguments if a["event_id"] == deaths[1]])
    assert not any(a["text"] == "Джорджа Сороса" for a in second), second


def test_the_relatives_own_name_stays_the_party(models):
    # set apart by a comma, or named in the nominative after the kinship word
    text = 'Дочь экс-президента Киргизии Аскара Акаева, Бермет Акаева, проголосовала за кандидата.'
    parties = _parties(_arguments(models, text, "проголосовала"))
    assert "Бермет Акаева" in {a["text"] for a in parties}, parties
    text = ("Тем не менее, из Лондона в ЮАР срочно вылетела жена Манделы Граса Машел, которая отменила "
            "своё выступление на форуме и на митинге в Гайд-парке, чтобы находиться с мужем в больнице.")
    parties = _parties(_arguments(models, text, "вылетела"))
    assert any(a["text"] == "Граса Машел" and a["entity_id"] for a in parties), parties
    # her talk: she is its party, named in apposition; Mandela only says whose wife
    talk = _arguments(models, text, "выступление")
    assert [a["text"] for a in _parties(talk)] == ["Граса Машел"], talk
    assert "Манделы" in {a["text"] for a in talk if a["role"] == "affiliation"}, talk


def test_a_person_noun_of_the_event_is_the_party_and_the_name_whose(models):
    text = ("Ярый критик многолетнего таджикского лидера Эмомали Рахмона застрелен неизвестным на улице "
            "в Стамбуле, сообщили в пятницу, 5 марта 2015 года, турецкие СМИ.")
    shot = _arguments(models, text, "застрелен")
    assert [(a["text"], a["entity_id"]) for a in _parties(shot)] == [
        ("критик многолетнего таджикского лидера Эмомали Рахмона", None)], shot
    assert "Эмомали Рахмона" in {a["text"] for a in shot if a["role"] == "affiliation"}, shot
    # the lawyers are the subject of the verb the event hangs on, not the event's own person noun:
    # the stay of execution is still hers, and no phrase of theirs takes her name as "whose"
    text = ("Адвокаты жительницы штата Техас Кимберли Маккарти, чья смертная казнь была запланирована на "
            "вечер вторника — 29 января 2013 года, добились отсрочки исполнения приговора.")
    stay = _arguments(models, text, "отсрочки")
    assert [a["text"] for a in _parties(stay)] == ["Кимберли Маккарти"], stay
    assert not [a for a in stay if a["role"] == "affiliation"], stay


def test_the_country_of_a_championship_is_its_place_not_a_party(models):
    # Lenta: Russia was a party of a league match between Zenit and Amkar
    text = ("Питерский \"Зенит\" выиграл у пермского \"Амкара\" на чужом поле в матче десятого тура "
            "чемпионата России по футболу.")
    arguments = _arguments(models, text, "матче")
    roles = {a["text"]: a["role"] for a in arguments}
    assert roles.get("России") == "place" and roles.get("Зенит") == "participant", roles
    # a country that plays is a party: "сборная России" hangs on no championship
    arguments = _arguments(models, "29 марта сборная России проведет товарищеский матч со сборной Катара.", "матч")
    assert "place" not in {a["role"] for a in arguments if "России" in a["text"]}, arguments


def test_the_place_of_a_situation_talked_about_is_not_the_meeting_s(models):
    # Lenta: the leaders met in Yerevan; Ukraine is what they talked about
    text = ("На встрече в Ереване в пятницу, 24 апреля, лидеры стран обсудили вопрос поставок «Мистралей», а "
            "также затронули ситуацию на Украине и процесс выполнения минских договоренностей, передает ТАСС.")
    result = extract_article({"article_id": "phrase", "text": text, "published_at": None, "title": None}, models)
    places = {(e["trigger_text"], a["text"]) for e in result.events for a in result.event_arguments
              if a["event_id"] == e["event_id"] and a["role"] == "place"}
    assert ("встрече", "Ереване") in places
    assert not [place for place in places if place[1] == "Украине"], places
