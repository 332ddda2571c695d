"""The news agency that reports an event, and the country a party leads, take no part in it."""
from tasks.nlp.annotate import annotate
from tasks.nlp.entities import entity_id_for
from tasks.nlp.events.parties import in_the_crime, reporting_word, speakers_outside
from tasks.nlp.events.tree import SentenceTree
from tasks.nlp.events.triggers import Trigger
from tasks.nlp.extract import extract_article
from tests.conftest import DATA


def test_the_agency_that_reports_the_talks_is_no_party_to_them(models):
    # Lenta: "Христофиас ... и ... Талат договорились о возобновлении мирных переговоров ..., передает AFP."
    text = (DATA / "lenta_0823_cyprus_talks.txt").read_text(encoding="utf-8")
    result = extract_article({"article_id": "cyprus", "text": text, "published_at": None, "title": None}, models)
    first = text.index(".")
    talks = [e for e in result.events if e["trigger_start"] < first and e["type"] != "statement"]
    assert talks, [(e["type"], e["trigger_text"]) for e in result.events]
    actors = [a for a in result.event_arguments if a["event_id"] in {e["event_id"] for e in talks}
              and a["role"] in ("participant", "target")]
    assert "AFP" not in {a["text"] for a in actors}, actors
    assert entity_id_for("PER", "Мехмет Али Талат") in {a["entity_id"] for a in actors}, actors


def test_a_source_is_the_subject_of_a_reporting_verb_or_hangs_on_po_dannym(models):
    doc = annotate("Полиция задержала активиста, передает ИТАР-ТАСС. По данным ОВД-Инфо, задержаны 39 человек. "
                   "Полиция сообщила о задержании.", models)
    trees = [SentenceTree(sentence) for sentence in doc.sents]

    def word(tree, text):
        return reporting_word(tree, next(t for t in tree.tokens if t.text == text))

    assert word(trees[0], "ИТАР-ТАСС").lemma == "передавать"
    assert word(trees[0], "Полиция") is None           # the subject of the event itself
    assert word(trees[1], "ОВД-Инфо").lemma == "данные"
    assert word(trees[2], "Полиция").lemma == "сообщить"


def test_the_country_a_leader_heads_is_his_affiliation_not_a_party_to_the_talks(models):
    # Lenta: "В Вашингтоне состоялись переговоры президента Соединенных Штатов Джорджа Буша и
    # премьер-министра Израиля Ариэля Шарона."
    text = (DATA / "lenta_0359_bush_sharon_talks.txt").read_text(encoding="utf-8")
    result = extract_article({"article_id": "talks", "text": text, "published_at": None, "title": None}, models)
    first = text.index(".")
    talks = [e for e in result.events if e["trigger_start"] < first and e["type"] == "talks"]
    assert len(talks) == 1, [(e["type"], e["trigger_text"]) for e in result.events]
    roles = {a["text"]: a["role"] for a in result.event_arguments if a["event_id"] == talks[0]["event_id"]}
    assert roles.get("Джорджа Буша") == "participant" and roles.get("Ариэля Шарона") == "participant", roles
    # the countries stay arguments, linked to their entities, in their own role
    assert roles.get("Соединенных Штатов") == "affiliation" and roles.get("Израиля") == "affiliation", roles
    israel = [a for a in result.event_arguments if a["event_id"] == talks[0]["event_id"] and a["text"] == "Израиля"]
    assert israel[0]["entity_id"] == entity_id_for("LOC", "Израиль")


def test_a_name_on_an_affiliation_is_an_affiliation_too(models):
    # Lenta: "протестующие потребовали отставки главы правительства Гонконга Лян Чжэньина"
    text = "Кроме того, протестующие потребовали отставки главы правительства Гонконга Лян Чжэньина."
    result = extract_article({"article_id": "hk", "text": text, "published_at": None, "title": None}, models)
    roles = {(a["text"], a["role"]) for a in result.event_arguments}
    assert ("Лян Чжэньина", "participant") in roles, roles
    # Hong Kong is whose the head of government is: an affiliation by its entity (the word
    # "правительства" or the name itself, as the role model took it), never a party
    hong_kong = entity_id_for("LOC", "Гонконг")
    by_entity = {(a["entity_id"], a["role"]) for a in result.event_arguments}
    assert (hong_kong, "affiliation") in by_entity and (hong_kong, "participant") not in by_entity, roles
    # Lenta: a quoted name the parser hangs on the title in apposition, beside the person's
    text = ("Российское руководство намерено разобраться с обстоятельствами задержания в Чечне корреспондента "
            "\"Радио Свобода\" Андрея Бабицкого.")
    result = extract_article({"article_id": "rs", "text": text, "published_at": None, "title": None}, models)
    roles = {(a["text"], a["role"]) for a in result.event_arguments}
    assert ("Андрея Бабицкого", "participant") in roles and ("Радио Свобода", "affiliation") in roles, roles


def test_whom_a_speaker_works_for_is_the_speakers_affiliation_not_the_speaker(models):
    # Lenta: statements of the people named, not of the bank, the commission or the president
    for text, speaker, employer in (
            (("Об этом заявил первый заместитель председателя Центробанка Алексей Улюкаев в эфире радиостанции "
              "\"Эхо Москвы\", передает РИА Новости."), "Алексей Улюкаев", "Центробанка"),
            ("Об этом заявил сегодня журналистам председатель ЦИК Александр Вешняков.", "Александр Вешняков", "ЦИК"),
            (("Издание ссылается на пресс-секретаря Путина Дмитрия Пескова, который заявил, что январский газ, "
              "скорее всего, также не будет оплачен в срок."), "Дмитрия Пескова", "Путина")):
        result = extract_article({"article_id": "s", "text": text, "published_at": None, "title": None}, models)
        statements = {e["event_id"] for e in result.events if e["type"] == "statement"}
        roles = {(a["text"], a["role"]) for a in result.event_arguments if a["event_id"] in statements}
        assert (speaker, "participant") in roles, roles
        assert (employer, "affiliation") in roles and (employer, "participant") not in roles, roles


def _speakers(models, text: str, trigger_word: str) -> set[str]:
    tree = SentenceTree(annotate(text, models).sents[0])
    anchor = next(t for t in tree.tokens if t.text == trigger_word)
    return {tree.by_id[i].text for i in speakers_outside(tree, Trigger([anchor], "meeting"))}


def test_who_says_a_clause_with_its_own_subject_is_no_party_to_its_events(models):
    # Lenta: "Министр юстиции Эстонии Рейн Ланг (Rein Lang) заявил, что в республике на 9 мая
    # планировались масштабные беспорядки с целью свержения правительства ..."
    text = (DATA / "lenta_0413_tallinn_riots.txt").read_text(encoding="utf-8")
    result = extract_article({"article_id": "riots", "text": text, "published_at": None, "title": None}, models)
    lang = entity_id_for("PER", "Рейн Ланг")
    first = text.index("Sakala.")
    in_first = [e for e in result.events if e["trigger_start"] < first]
    said = [e for e in in_first if e["type"] != "statement"]
    assert said, [(e["type"], e["trigger_text"]) for e in in_first]
    for event in said:
        parties = {a["entity_id"] for a in result.event_arguments if a["event_id"] == event["event_id"]}
        assert lang not in parties, (event["trigger_text"], parties)
    statements = [e for e in in_first if e["type"] == "statement"]
    assert any(a["entity_id"] == lang for a in result.event_arguments
               if a["event_id"] in {e["event_id"] for e in statements}), "the speaker of 'заявил' is gone"


def test_who_says_a_clause_through_a_verb_hanging_on_it_is_no_party_to_its_events(models):
    # Lenta: "Как заявил ... Никитин, по факту гибели милиционеров возбуждено уголовное дело ..."
    text = ("Как заявил заместитель прокурора Чечни Александр Никитин, по факту гибели милиционеров "
            "возбуждено уголовное дело по статьям \"убийство\" и \"посягательство на жизнь сотрудников "
            "правоохранительных органов\".")
    result = extract_article({"article_id": "told", "text": text, "published_at": None, "title": None}, models)
    assert [e for e in result.events if e["type"] != "statement"], result.events
    assert not [a for a in result.event_arguments if a["text"] == "Александр Никитин" and a["event_id"] in
                {e["event_id"] for e in result.events if e["type"] != "statement"}], result.event_arguments
    assert "Никитин" in _speakers(models, text, "гибели")
    # the event itself as the subject keeps the speaker: Зарифуллин organises the marches
    assert _speakers(models, "Кроме того, заявил Зарифуллин, марши состоятся в Кишиневе, Тбилиси и Варшаве.",
                     "марши") == set()


def test_a_speaker_stays_when_the_clause_said_has_no_subject_of_its_own_or_a_pronoun(models):
    said = "Министр Сергей Лавров заявил, что госсекретарь Джон Керри встретится с Башаром Асадом в Женеве."
    assert "Лавров" in _speakers(models, said, "встретится")
    # "..., - сказал X, добавив, что ...": the gerund's speaker is the verb's subject
    added = "Беспорядки были спланированы, - сказал Ланг, добавив, что беспорядки в Таллине были акцией."
    assert "Ланг" in _speakers(models, added, "акцией")
    assert _speakers(models, "Лавров заявил, что встретится с Керри в Женеве.", "встретится") == set()
    assert _speakers(models, "Янукович заявил, что он встретится с Путиным в Москве.", "встретится") == set()


def test_an_agency_whose_name_the_parser_splits_is_still_the_source(models):
    # Lenta, two sentences: the parser heads "РИА "Новости"" with "РИА", and "Новости" hangs on it
    text = ("Вечером 19 ноября в поселке Паракар, расположенного в окрестностях Еревана, произошла "
            "перестрелка, сообщает ИА \"Новости-Армения\". Ночью пятницы между полуночью и 1:00 со "
            "стороны школы в Беслане, захваченной боевиками, были произведены два выстрела, "
            "предположительно, из гранатомета, сообщает РИА \"Новости\".")
    result = extract_article({"article_id": "agency", "text": text, "published_at": None, "title": None}, models)
    events = [e for e in result.events if e["type"] != "statement"]
    assert {e["trigger_text"] for e in events} >= {"перестрелка", "выстрела"}, events
    parties = {a["text"] for a in result.event_arguments
               if a["event_id"] in {e["event_id"] for e in events} and a["role"] in ("participant", "target")}
    assert not parties & {"Новости", "Новости-Армения", "ИА", "РИА"}, parties


def test_whose_words_the_clause_is_is_no_party_to_its_events(models):
    # Lenta: "По словам Пехтина, окончательное решение ... будет принято на завтрашнем заседании фракции"
    text = ("По словам Пехтина, окончательное решение о консолидированном голосовании будет принято на "
            "завтрашнем заседании фракции в 9:00.")
    result = extract_article({"article_id": "words", "text": text, "published_at": None, "title": None}, models)
    events = [e for e in result.events if e["type"] != "statement"]
    assert "заседании" in {e["trigger_text"] for e in events}, events
    assert "Пехтина" not in {a["text"] for a in result.event_arguments}, result.event_arguments
    assert _speakers(models, "По словам Барака, операция продлится столько, сколько это будет необходимо.",
                     "операция") == {"Барака"}
    # with no subject but a pronoun the one whose words they are may be the one who acts
    assert _speakers(models, "По словам Шевченко, он был задержан у входа в здание суда.", "задержан") == set()


def test_who_judges_an_event_is_no_party_to_it_unless_it_names_the_other_side(models):
    # Lenta sentences
    judged = ("МИД Украины расценивает выступление мэра Москвы Юрия Лужкова в Севастополе 21 февраля как шаг, "
              "направленный на подрыв добрососедских отношений между Украиной и Россией.")
    result = extract_article({"article_id": "judged", "text": judged, "published_at": None, "title": None}, models)
    speech = [e for e in result.events if e["trigger_text"] == "выступление"]
    assert len(speech) == 1, result.events
    parties = {a["text"] for a in result.event_arguments
               if a["event_id"] == speech[0]["event_id"] and a["role"] == "participant"}
    assert "Юрия Лужкова" in parties and not parties & {"МИД", "Украины"}, parties
    # who cites a speech gives it, and takes no part in it (Lenta)
    assert _speakers(models, "Его выступление цитирует агентство РИА Новости.", "выступление") \
        == {"агентство", "РИА", "Новости"}
    own = ("2 февраля стало известно, что Трамп назвал телефонный разговор с премьер-министром Австралии "
           "Малкольмом Тернбуллом худшим из всех его бесед с иностранными лидерами.")
    result = extract_article({"article_id": "own", "text": own, "published_at": None, "title": None}, models)
    assert "Трамп" in {a["text"] for a in result.event_arguments if a["role"] == "participant"
                       and a["event_id"] in {e["event_id"] for e in result.events if e["type"] == "phone_call"}}


def test_who_refuses_to_comment_on_what_an_event_was_like_is_no_party_to_it(models):
    # Lenta: the event is a genitive of the object, the judging verb completes "отказался"
    text = ("Президент Украины Виктор Ющенко отказался комментировать содержание и тон прошедших в Ялте "
            "переговоров Юлии Тимошенко и Владимира Путина, сообщает ИА \"Украинские новости\".")
    assert _speakers(models, text, "переговоров") == {"Президент", "Виктор", "Ющенко"}
    # who backs a plan of an event may well carry it out
    backed = ("В конце 2011 - начале 2012 года ЕС, Афины и МВФ одобрили план реструктуризации долгов Греции, "
              "подразумевающий сокращение госдолга до уровня в 120 процентов ВВП к 2020 году.")
    assert _speakers(models, backed, "реструктуризации") == set()


def test_a_spokesman_speaks_for_someone_who_may_be_a_party(models):
    spokesman = "По словам представителя МВД Дагестана, операция проводится в районе Бальюрт."
    assert _speakers(models, spokesman, "операция") == {"представителя"}
    paper = "По словам источника The Sunday Times, операция против союзников была одобрена на самом высоком уровне."
    assert {"The", "Sunday", "Times"} & _speakers(models, paper, "операция")


def test_whom_a_report_cites_is_its_source(models):
    # Lenta: "... сообщает CNN со ссылкой на старшего офицера полиции Ронала Серпаса (Ronal Serpas)."
    cited = ("Праздник был прерван стрельбой, в результате которой погибли двое, сообщает CNN со ссылкой "
             "на старшего офицера полиции Ронала Серпаса.")
    assert {"Ронала", "Серпаса"} <= _speakers(models, cited, "стрельбой")
    result = extract_article({"article_id": "cited", "text": cited, "published_at": None, "title": None}, models)
    assert "Ронала Серпаса" not in {a["text"] for a in result.event_arguments}, result.event_arguments


def test_whom_a_speaker_tells_is_no_party_to_the_events_told(models):
    # Lenta: the paper the guests told of a meeting, the paper a coach spoke to after a match
    told = "Как рассказали «Ленте.ру» несколько приглашенных, встреча намечена на вторник, 6 декабря."
    result = extract_article({"article_id": "told", "text": told, "published_at": None, "title": None}, models)
    [meeting] = [e for e in result.events if e["trigger_text"] == "встреча"]
    assert "Ленте.ру" not in {a["text"] for a in result.event_arguments if a["event_id"] == meeting["event_id"]}
    assert "Ленте" in _speakers(models, told, "встреча")
    said = ("Захват был, но таких моментов в каждом матче хватает», — заявил «Спорт-Экспрессу» после "
            "игры российский футбольный тренер Федор Щербаченко.")
    assert "Спорт-Экспрессу" in _speakers(models, said, "матче")
    # who is told in a clause of its own is not touched: Медведев offers Путину to run
    assert "Путину" not in _speakers(models, "Медведев предложил Путину баллотироваться на выборах.", "выборах")


def test_who_asks_someone_else_to_act_is_no_party_to_what_they_are_asked(models):
    # Lenta: Додон asks NATO not to hurry with an opening; Путин advises Ющенко about a dinner
    asked = ("7 февраля президент республики Игорь Додон призвал НАТО не торопиться с открытием офиса "
             "связи в Кишиневе, передавало РИА Новости.")
    assert "Додон" in _speakers(models, asked, "открытием")
    advised = ("Путин, в частности, посоветовал Ющенко во избежание недоразумений не надевать на ужин "
               "с грузинским коллегой галстук.")
    assert "Путин" in _speakers(models, advised, "ужин")
    # who proposes talks or invites to them may well take part
    assert _speakers(models, "Путин предложил Обаме провести переговоры в Москве.", "переговоры") == set()


def test_a_speaker_named_by_a_pronoun_is_the_person_it_stands_for(models):
    # Lenta: "Представитель Украины при ЕС Роман Шпек призвал ... Кроме того, он призвал
    # европарламентариев активнее участвовать в переговорах с Украиной."
    text = (DATA / "lenta_0794_shpek_appeal.txt").read_text(encoding="utf-8")
    result = extract_article({"article_id": "shpek", "text": text, "published_at": None, "title": None}, models)
    [talks] = [e for e in result.events if e["trigger_text"] == "переговорах"]
    parties = {a["entity_id"] for a in result.event_arguments
               if a["event_id"] == talks["event_id"] and a["role"] in ("participant", "target")}
    assert entity_id_for("PER", "Роман Шпек") not in parties, parties
    assert entity_id_for("LOC", "Украина") in parties
    # where he is the one who acts, the pronoun's person stays
    [award] = [e for e in result.events if e["trigger_text"] == "вручил"]
    assert entity_id_for("PER", "Роман Шпек") in {a["entity_id"] for a in result.event_arguments
                                                  if a["event_id"] == award["event_id"]}


def test_whose_text_or_page_a_sentence_is_read_from_is_no_party_to_its_events(models):
    # Lenta: the paper whose article dates a sale, the ministry whose press release speaks of a meeting
    sold = ("В 1999 году, отмечается в материале The Telegraph, автопортрет Гитлера был продан за 1050 "
            "фунтов (примерно 1700 долларов).")
    result = extract_article({"article_id": "sold", "text": sold, "published_at": None, "title": None}, models)
    [sale] = [e for e in result.events if e["trigger_text"] == "продан"]
    assert "The Telegraph" not in {a["text"] for a in result.event_arguments if a["event_id"] == sale["event_id"]}
    released = ("В пресс-релизе российского МИД указывается, что сроки встречи премьер-министров России и "
                "Украины будут зависеть от решения этих вопросов.")
    assert "МИД" in _speakers(models, released, "встречи")
    # a page someone acts on is no text the sentence is read from
    assert _speakers(models, "Хакеры взломали страницу МИД в Twitter.", "взломали") == set()


def test_the_people_of_the_crime_a_ruling_is_for_are_no_parties_to_the_ruling(models):
    # Lenta: the journalists were killed; the court found her guilty of it
    text = ("В марте этого года суд в Ростовской области приговорил ее к 22 годам лишения свободы, признав "
            "виновной в убийстве российских журналистов Игоря Корнелюка и Антона Волошина.")
    result = extract_article({"article_id": "guilty", "text": text, "published_at": None, "title": None}, models)
    victims = {entity_id_for("PER", "Игорь Корнелюк"), entity_id_for("PER", "Антон Волошин")}

    def parties(trigger_text):
        [event] = [e for e in result.events if e["trigger_text"] == trigger_text]
        return {a["entity_id"] for a in result.event_arguments if a["event_id"] == event["event_id"]}
    assert not victims & parties("признав виновной")
    assert victims <= parties("убийстве")         # the crime's own event keeps them
    # only a legal event leaves them out: a death the accusation tells again is theirs (NEREL train)
    tree = SentenceTree(annotate("Он погиб, заявил лидер конгресса, обвинив в убийстве Салеха мятежников.",
                                 models).sents[0])
    accused = next(t for t in tree.tokens if t.text == "обвинив")
    died = next(t for t in tree.tokens if t.text == "погиб")
    assert "Салеха" in {tree.by_id[i].text for i in in_the_crime(tree, Trigger([accused], "charge"), tree.ancestors(accused))}
    assert in_the_crime(tree, Trigger([died], "death"), tree.ancestors(died)) == set()


def test_who_acts_on_the_occasion_of_an_event_is_no_party_to_it(models):
    # Lenta: mourning declared for the miners, flights stopped after the crash
    mourning = ("Глава республики Коми Вячеслав Гайзер объявил траур в связи с гибелью горняков при взрыве "
                "на шахте «Воркутинская».")
    assert "Гайзер" in _speakers(models, mourning, "гибелью")
    result = extract_article({"article_id": "m", "text": mourning, "published_at": None, "title": None}, models)
    gaizer = entity_id_for("PER", "Вячеслав Гайзер")
    [death] = [e for e in result.events if e["trigger_text"] == "гибелью"]
    assert gaizer not in {a["entity_id"] for a in result.event_arguments if a["event_id"] == death["event_id"]}
    # the mourning is his
    assert "Гайзер" not in _speakers(models, mourning, "траур")
    # NEREL: a telegram on the occasion of an election; who sends it is no party, whom it goes to may be
    sent = "Президент Сирии Башар Асад направил телеграмму Хасану Рухани по случаю его избрания на пост президента."
    assert "Асад" in _speakers(models, sent, "избрания")
    assert "Рухани" not in _speakers(models, sent, "избрания")


def test_whom_an_event_honours_is_no_party_to_it(models):
    # Lenta: a friendly match held on Putin's birthday; NEREL train: a rally on Bandera's birthday
    match = ("Ранее 7 октября команда Рамзана Кадырова обыграла в Грозном звезд итальянского футбола в "
             "товарищеском матче, приуроченном ко дню рождения Путина.")
    assert "Путина" in _speakers(models, match, "матче")
    assert "Степана" in _speakers(models, "Митинг в честь дня рождения Степана Бандеры прошел во Львове.", "Митинг")
    # the team that played stays, and so does whom a remembrance names when it is the event itself
    assert "Кадырова" not in _speakers(models, match, "матче")
    assert "Свиридове" not in _speakers(models, "Болельщики провели акцию в память о Егоре Свиридове.", "память")
    # the honour a suit defends is no honouring: its owner is a party
    suit = "Суд удовлетворил иск о защите чести и достоинства Юрия Лужкова к газете."
    assert not {"Юрия", "Лужкова"} & _speakers(models, suit, "удовлетворил")


def test_the_names_on_a_title_no_one_is_named_by_are_its_affiliation(models):
    # NEREL train: "Нургалиев уволил начальника УВД Томской области"; the chief was fired, not the
    # police department or the region
    result = extract_article({"article_id": "tomsk", "text": "Нургалиев уволил начальника УВД Томской области.",
                              "published_at": None, "title": None}, models)
    roles = {(a["text"], a["role"]) for a in result.event_arguments}
    assert ("УВД", "affiliation") in roles and ("Томской области", "affiliation") in roles, roles
    assert not {("УВД", "participant"), ("Томской области", "participant")} & roles, roles
    assert any(role in ("participant", "target") and text.startswith("начальника") for text, role in roles), roles


def _statement_parties(models, text: str, verb: str) -> set[str]:
    result = extract_article({"article_id": "said", "text": text, "published_at": None, "title": None}, models)
    said = {e["event_id"] for e in result.events if e["type"] == "statement" and e["trigger_text"] == verb}
    assert said, result.events
    return {a["text"] for a in result.event_arguments if a["event_id"] in said and a["role"] == "participant"}


def test_a_statement_s_party_is_its_speaker_not_whom_it_tells_or_speaks_of(models):
    # Lenta sentences: the person spoken of and the agency told were parties of the statement
    assert _statement_parties(models, "ФБР сообщило, что уже около года разыскивало Конопку за уклонение от "
                                      "наказания.", "сообщило") == {"ФБР"}
    assert "Интерфаксу" not in _statement_parties(
        models, "Владимир Воронин также заявил \"Интерфаксу\", что РПП пока не планирует объединяться с "
                "другими партиями.", "заявил")
    assert "Лукьянов" not in _statement_parties(
        models, "Правозащитники сообщали об избиении бизнесмена, но в ГУ МВД по Москве заявили, что Лукьянов не "
                "имеет претензий к сотрудникам.", "заявили")
    # nor where and when what is said happens (Lenta)
    result = extract_article({"article_id": "said", "text": "Кроме того, заявил Зарифуллин, марши состоятся в Кишиневе, "
                              "Тбилиси и Варшаве.", "published_at": None, "title": None}, models)
    said = {e["event_id"] for e in result.events if e["type"] == "statement"}
    assert {(a["role"], a["text"]) for a in result.event_arguments if a["event_id"] in said} \
        == {("participant", "Зарифуллин")}, result.event_arguments
    # the speaker stays, also where the parser hung it on the clause said
    assert "Владимир Путин" in _statement_parties(
        models, "Вслед за этим президент России Владимир Путин сообщил, что поручит правительству начать "
                "переговоры с турецкими властями.", "сообщил")
    assert "Патрис Жени" in _statement_parties(
        models, "Как рассказал \"Москве 24\" организатор ярмарки Патрис Жени, на мероприятие ежегодно приезжают "
                "около 2 миллионов человек.", "рассказал")


def test_the_names_on_a_partys_title_are_affiliations_though_no_model_chose_them(models):
    # Lenta: the role model gave the two men only (NEREL marks the people, not their countries);
    # the countries still come from the parse, as affiliations, never as parties
    from tasks.nlp.entities import resolve_mentions, spans_to_mentions
    from tasks.nlp.events.arguments import MentionIndex
    from tasks.nlp.events.nominals import article_people
    from tasks.nlp.events.parties import parties_only

    text = ("В Вашингтоне состоялись переговоры президента Соединенных Штатов Джорджа Буша и "
            "премьер-министра Израиля Ариэля Шарона.")
    doc = annotate(text, models)
    mentions, _ = resolve_mentions(spans_to_mentions(doc, "talks", models), models, doc.text)
    people = article_people(doc, mentions)
    tree = people.trees[0]
    talks = Trigger([next(t for t in tree.tokens if t.text == "переговоры")], "talks")
    by_text = {m["text"]: m for m in mentions}
    chosen = [{"event_id": "e", "article_id": "talks", "role": "participant", "start": m["start"], "stop": m["stop"],
               "text": m["text"], "entity_id": m["entity_id"]} for m in (by_text["Джорджа Буша"], by_text["Ариэля Шарона"])]
    person_spans = {(m["start"], m["stop"]) for m in mentions if m["type"] == "PER"}
    found = parties_only(tree, talks, chosen, person_spans, MentionIndex(people.mentions.get(0, []), 0, people))
    roles = {a["text"]: (a["role"], a["entity_id"]) for a in found}
    assert roles["Соединенных Штатов"][0] == "affiliation" and roles["Израиля"] == ("affiliation", entity_id_for("LOC", "Израиль")), roles
    assert roles["Джорджа Буша"][0] == "participant" and roles["Ариэля Шарона"][0] == "participant", roles
    assert "Вашингтоне" not in roles          # a name on no title is the role model's to give
    # without a person on the title, there is no one's affiliation to add
    assert parties_only(tree, talks, [], person_spans, MentionIndex(people.mentions.get(0, []), 0, people)) == []
