"""Canonical names in the nominative, on sentences from Lenta.ru (tests/data/lenta_names.txt)."""
import pytest

from tasks.evaluation.names import reads_as_nominative
from tasks.nlp.annotate import annotate
from tasks.nlp.entities import repaired_bounds, resolve_mentions, spans_to_mentions
from tests.conftest import DATA

SENTENCES = (DATA / "lenta_names.txt").read_text(encoding="utf-8").splitlines()


def names(text, models):
    mentions, _ = resolve_mentions(spans_to_mentions(annotate(text, models), "t", models), models, text)
    return {(m["text"], m["type"]): m["normal"] for m in mentions}


@pytest.mark.parametrize("line, mention, canonical", [
    (0, ("Барака Обамы", "PER"), "Барак Обама"),
    (1, ("Бараком Обамой", "PER"), "Барак Обама"),
    (2, ("Висенте Фокса", "PER"), "Висенте Фокс"),        # pymorphy reads "Фокса" as an abbreviation
    (4, ("Верховным судом", "ORG"), "Верховный суд"),
    (5, ("Ростове-на-Дону", "LOC"), "Ростов-на-Дону"),    # the linking "на-Дону" keeps its case
    (7, ("Светлана Медведева", "PER"), "Светлана Медведева"),  # a woman's surname stays hers
    (8, ("Дмитрия Медведева", "PER"), "Дмитрий Медведев"),
    (8, ("Объединенную ракетно-космическую корпорацию", "ORG"),
     "Объединенная ракетно-космическая корпорация"),
])
def test_mentions_take_their_nominative(models, line, mention, canonical):
    assert names(SENTENCES[line], models)[mention] == canonical


def test_a_name_pymorphy_cannot_justify_stays_as_written(models):
    # "Ангеле" reads only as an indeclinable name: no nominative is invented for it
    found = names(SENTENCES[9], models)
    assert found[("Ангеле Меркель", "PER")] == "Ангеле Меркель"


@pytest.mark.parametrize("text, mention, canonical", [
    ("Премьер встретился с Олафом Шольцем.", ("Олафом Шольцем", "PER"), "Олаф Шольц"),  # not "Шолец"
    # ...but a first name the dictionary declines keeps its fleeting vowel
    ("Президент наградил режиссёра, который снял фильм со Львом Дуровым.", ("Львом Дуровым", "PER"), "Лев Дуров"),
    ("Встреча с Нарендрой Моди прошла в Дели.", ("Нарендрой Моди", "PER"), "Нарендра Моди"),
    ("Обама приехал к Бушу-старшему.", ("Бушу-старшему", "PER"), "Буш-старший"),
    ("Письмо передали Светлане Медведевой.", ("Светлане Медведевой", "PER"), "Светлана Медведева"),
    # Lenta: an abbreviation with a case ending keeps its capitals
    ("Инвесторов беспокоит не скандал вокруг \"ЮКОСа\", а то, что не расследуются другие нарушения.",
     ("ЮКОСа", "ORG"), "ЮКОС"),
    ("Представитель МИДа заявил, что в МИДе знают.", ("МИДе", "ORG"), "МИД"),
    # a head the parser made its own head still inflects
    ("Сотрудники Европейского центра ядерных исследований (ЦЕРН) сообщили об этом.",
     ("Европейского центра ядерных исследований", "ORG"), "Европейский центр ядерных исследований"),
])
def test_foreign_and_compound_names(models, text, mention, canonical):
    assert names(text, models)[mention] == canonical


@pytest.mark.parametrize("text, mention, canonical", [
    # Lenta.ru and Russian Wikinews: a man's name in -а declines as a feminine noun does
    (("За выход в третий круг Давыденко поборется с украинцем Ильей Марченко, а Куницын - со "
      "швейцарцем Станисласом Вавринкой."), ("Станисласом Вавринкой", "PER"), "Станислас Вавринка"),
    (("Ранее Кравчук входил в тренерский штаб сборной России под руководством Зинэтулы "
      "Билялетдинова, выполняя функции скаута по Северной Америке."),
     ("Зинэтулы Билялетдинова", "PER"), "Зинэтула Билялетдинов"),
    (("23 июня 2013 года СМИ сообщили, что состояние здоровья экс-президента ЮАР Нельсона Манделы "
      "значительно ухудшилось."), ("Нельсона Манделы", "PER"), "Нельсон Мандела"),
    # ...but one in -и may be an indeclinable foreign name
    (("Лидеры стран Европейского союза (ЕС) официально назначили итальянца Марио Драги новым главой "
      "Европейского центрального банка (ЕЦБ)."), ("Марио Драги", "PER"), "Марио Драги"),
])
def test_a_mans_name_in_a_takes_its_nominative(models, text, mention, canonical):
    assert names(text, models)[mention] == canonical


@pytest.mark.parametrize("text, mention, canonical", [
    # Lenta.ru and Russian Wikinews: pymorphy2 guesses "Равайоля", "Белхюмер" for "Стейся", "Пель"
    (("Группу Bild встретил мэр Римини Альберто Равайоли (Alberto Ravaioli), надевший рубашку "
      "цветов национальной футбольной сборной Германии."), ("Альберто Равайоли", "PER"), "Альберто Равайоли"),
    (("«Если он там был», — сказала специалист по гигантским муравьедам Стейси Белхюмер."),
     ("Стейси Белхюмер", "PER"), "Стейси Белхюмер"),
    ("В 2012 году Пеле имплантировали эндопротез тазобедренного сустава.", ("Пеле", "PER"), "Пеле"),
])
def test_a_foreign_name_in_i_or_e_is_not_given_a_made_up_nominative(models, text, mention, canonical):
    assert names(text, models)[mention] == canonical


def test_agency_in_quotes_is_one_entity_with_its_prefix(models):
    # the tagger's span `РИА "Новости` ends before the closing quote
    doc = annotate(SENTENCES[3], models)
    assert any(span.text == 'РИА "Новости' for span in doc.spans)
    mentions, entities = resolve_mentions(spans_to_mentions(doc, "t", models), models, doc.text)
    agency = next(m for m in mentions if "Новости" in m["text"])
    assert agency["text"] == "Новости" and agency["normal"] == "РИА Новости"
    plain = names("По данным РИА Новости, суд отложен.", models)
    assert plain[("РИА Новости", "ORG")] == "РИА Новости"


def test_original_spelling_in_brackets_is_not_part_of_a_person(models):
    found = names(SENTENCES[6], models)
    assert ("Джадда Грегга", "PER") in found
    assert not any("Judd" in text or "Judd" in normal for (text, _), normal in found.items())


@pytest.mark.parametrize("text, start, stop, repaired", [
    ('сообщает РИА "Новости" со', 9, 21, 'РИА "Новости"'),     # closed by the quote after it
    ('по данным "Газпрома" и', 10, 19, "Газпрома"),             # a dangling opening quote at the edge
    ("a Сера» (Corriere) b", 2, 17, "Сера» (Corriere)"),      # the bracket closed, the quote taken
    # the tagger stopped inside a bracket: the name is what stands before it
    ("детектив Стас Северин (Игорь Скляр) должен", 9, 23, "Стас Северин"),
    ('Дэвид Духовны (David Duchovny, "Эволюция")', 0, 29, "Дэвид Духовны"),
])
def test_span_repair_leaves_no_unbalanced_quote_or_bracket(text, start, stop, repaired):
    a, b = repaired_bounds(text, start, stop)
    assert text[a:b] == repaired


@pytest.mark.parametrize("name, entity_type, expected", [
    ("Барак Обамы", "PER", False), ("Барак Обама", "PER", True),
    ("Светлана Медведева", "PER", True), ("Нарендрой Моди", "PER", False),
    ("Верховным судом", "ORG", False), ("Министерство иностранных дел", "ORG", True),
    ("Соединенных Штатов", "LOC", False), ("Ростов-на-Дону", "LOC", True),
])
def test_nominative_judge(models, name, entity_type, expected):
    assert reads_as_nominative(name, entity_type, models.morph_vocab) is expected


@pytest.mark.parametrize("sentence, name", [
    # Lenta: Natasha's normal form keeps a bracket the span's bounds leave out ("Rehavia)")
    (("Церковь, расположенная в Иерусалимском районе Рехавия (Rehavia), который населяют в основном "
      "представители среднего класса, принадлежит сразу четырем христианским конфессиям."), "Rehavia"),
    (("Представитель верховного комиссара ООН по делам беженцев в Ираке Бруно Гедде заявил, что операция "
      "по освобождению  Мосула от боевиков террористической группировки «Исламское государство» (ИГ, "
      "запрещена в России) может привести к гуманитарной катастрофе."), "Исламское государство"),
])
def test_no_name_keeps_half_a_bracket(models, sentence, name):
    found = names(sentence, models)
    assert name in found.values()
    assert all(text.count("(") == text.count(")") and normal.count("(") == normal.count(")")
               for (text, _), normal in found.items()), found


@pytest.mark.parametrize("name, text, nominative", [
    ("lenta_0976_toulouse_shooter.txt", "военнослужащих", "военнослужащие"),   # plural kept
    ("lenta_yurlova_biathlon.txt", "Глава государства", "глава государства"),   # the sentence's capital
    ("lenta_yurlova_biathlon.txt", "спортсменке", "спортсменка"),
    ("lenta_0413_tallinn_riots.txt", "парламента", "парламент"),
])
def test_a_party_no_entity_names_has_its_phrases_nominative(models, name, text, nominative):
    from tasks.nlp.extract import extract_article

    article = {"article_id": "a", "text": (DATA / name).read_text(encoding="utf-8"), "published_at": None}
    arguments = extract_article(article, models).event_arguments
    assert (text, nominative) in {(a["text"], a["nominative"]) for a in arguments}
    # the article's words stay the evidence; a named argument and a time have no nominative
    assert all(a["nominative"] is None for a in arguments if a["entity_id"] is not None or a["role"] == "time")


def test_a_phrases_capital_inside_a_sentence_stays(models):
    from tasks.nlp.canonical import phrase_name

    # Lenta 1000: "...после премьеры на Каннском фестивале" (a place the role model took)
    doc = annotate("Фильм показали после премьеры на Каннском фестивале.", models)
    tokens = [t for t in doc.tokens if t.text in ("Каннском", "фестивале")]
    assert phrase_name("Каннском фестивале", tokens, models.morph_vocab) == "Каннский фестиваль"


def test_a_plural_phrase_in_another_case_stays_plural(models):
    from tasks.nlp.canonical import phrase_name

    # Lenta (lenta_0033_tripoli.txt): "взрыва автобуса с солдатами", whom a role model may take
    doc = annotate("В августе в результате взрыва автобуса с солдатами в Триполи погибли 10 человек.", models)
    tokens = [t for t in doc.tokens if t.text == "солдатами"]
    assert phrase_name("солдатами", tokens, models.morph_vocab) == "солдаты"


@pytest.mark.parametrize("sentence, phrase, name", [
    # Lenta: a hyphenated common noun the dictionary knows whole inflects whole
    ("Мне унизительно комментировать тональность переговоров премьер-министров Украины и России.",
     "премьер-министров Украины", "премьер-министры Украины"),
])
def test_a_phrases_hyphenated_noun_inflects_whole(models, sentence, phrase, name):
    from tasks.nlp.canonical import phrase_name

    start = sentence.index(phrase)
    tokens = [t for t in annotate(sentence, models).tokens if start <= t.start and t.stop <= start + len(phrase)]
    assert phrase_name(phrase, tokens, models.morph_vocab) == name


@pytest.mark.parametrize("sentence, phrase, name", [
    ("Спецназ вступил в бой с экстремистами.", "Спецназ", "спецназ"),   # Lenta; the tagger says PROPN
    ("Европа ответила на заявление Москвы.", "Европа", "Европа"),        # a name keeps its capital
])
def test_a_capital_only_the_sentences_start_gave_is_dropped(models, sentence, phrase, name):
    from tasks.nlp.canonical import phrase_name

    tokens = [t for t in annotate(sentence, models).tokens if t.text == phrase]
    assert phrase_name(phrase, tokens, models.morph_vocab, opens_sentence=True) == name


@pytest.mark.parametrize("text, mention, canonical", [
    # the parser left the genitive dependents without a head inside the span: only the first noun
    # inflects, not "Администрация президент" or "Министерство образование и науки"
    (("Басманный суд Москвы принял к рассмотрению иск представителя Московского союза общественных "
      "объединений вкладчиков и акционеров Виктора Верютина к главе Администрации президента РФ "
      "Александру Волошину и прокурору Москвы Михаилу Авдюкову."),
     ("Администрации президента", "ORG"), "Администрация президента"),
    (("Басманный суд Москвы принял к рассмотрению иск представителя Московского союза общественных "
      "объединений вкладчиков и акционеров Виктора Верютина к главе Администрации президента РФ "
      "Александру Волошину и прокурору Москвы Михаилу Авдюкову."),
     ("Московского союза общественных объединений вкладчиков", "ORG"),
     "Московский союз общественных объединений вкладчиков"),
    (("Письмо с просьбой поручить Министерству образования и науки довести до регионов соответствующие "
      "инструкции он направил председателю правительства РФ Ольге Голодец, сообщают «Известия»."),
     ("Министерству образования и науки", "ORG"), "Министерство образования и науки"),
    (("После этого животное было решено отправить на прохождение курса реабилитации в Кремлевской школе "
      "верховой езды."), ("Кремлевской школе верховой езды", "ORG"), "Кремлевская школа верховой езды"),
])
def test_an_organisations_name_inflects_its_first_noun_only(models, text, mention, canonical):
    assert names(text, models)[mention] == canonical


@pytest.mark.parametrize("text, mention, canonical", [
    # pymorphy knows "Кудринская" only as a surname, "объединенный" only as a participle
    (("Директор московского рекламного агентства Андрей Лукьянов, которого полицейские ошибочно задержали "
      "на Кудринской площади, обратился с жалобой в Следственный комитет."),
     ("Кудринской площади", "LOC"), "Кудринская площадь"),
    (("В сети стремительно набирает популярность ролик, еще в 1994 году снятый американским Объединенным "
      "советом по безопасности на предприятиях."),
     ("Объединенным советом по безопасности", "ORG"), "Объединенный совет по безопасности"),
    # the tagger calls "Витебском" a proper noun: before its noun, in its case, it is an adjective
    ("В Витебском медвытрезвителе придумали новый способ сберечь здоровье своих клиентов.",
     ("Витебском медвытрезвителе", "LOC"), "Витебский медвытрезвитель"),
    # pymorphy inflects "высшего" into "высочайший": the stem keeps its word
    (("Самым позитивным стало решение президиума Высшего арбитражного суда по делу корпорации Aelita "
      "Software Corporation."), ("Высшего арбитражного суда", "ORG"), "Высший арбитражный суд"),
    # the adjectives take the gender of their noun, not the tagger's masculine for "-ого"
    (("Она пояснила, что проект будет реализовываться «на технологической базе модернизированных войсковых "
      "прачечных» Казанского Высшего военного командного училища (ВВКУ)."),
     ("Казанского Высшего военного командного училища", "ORG"), "Казанское Высшее военное командное училище"),
    # an adjective the tagger gave no case takes its noun's
    (('По сообщению РИА "Новости", федералы пытаются заблокировать экстремистов в Ачхой-Мартановском '
      'районе Чечни, у границы с Ингушетией.'), ("Ачхой-Мартановском районе", "LOC"), "Ачхой-Мартановский район"),
    # ...but a man who heads a city stays one, whatever the gender of "голова"
    ("Он работал Винницким городским головой до 2014 года.",
     ("Винницким городским головой", "ORG"), "Винницкий городской голова"),
])
def test_adjectives_of_a_name_take_the_nominative_of_their_noun(models, text, mention, canonical):
    assert names(text, models)[mention] == canonical


@pytest.mark.parametrize("text, mention, canonical", [
    # the tagger reads "Волкову" as a man's dative: the first name says a woman, in the accusative
    (("Для участия в группе он отобрал двух на тот момент 15-летних школьниц — Лену Катину и Юлю Волкову. "
      "Слухи о воссоединении группы начались в 2013 году, когда Катина и Волкова дали несколько "
      "совместных концертов."), ("Юлю Волкову", "PER"), "Юля Волкова"),
    # an instrumental ending no nominative has
    ("Коробка была оставлена на полюсе в 2004 году Йоргеном Амундсеном (Jorgen Amundsen).",
     ("Йоргеном Амундсеном", "PER"), "Йорген Амундсен"),
    # a Russian-type dative ending
    (("Классический чемпион мира Владимир Крамник, который отобрал это звание в матче против Гарри "
      "Каспарова, противостоит Чемпиону мира ФИДЕ Веселину Топалову."), ("Веселину Топалову", "PER"),
     "Веселин Топалов"),
    # a surname in a vowel and "-у" beside a dative first name may be indeclinable: it stays
    ("Тогда полномочия Додона перешли к председателю оппозиционного Парламента Андриану Канду.",
     ("Андриану Канду", "PER"), "Андриан Канду"),
])
def test_a_surname_takes_the_case_and_gender_of_its_first_name(models, text, mention, canonical):
    assert names(text, models)[mention] == canonical
