"""The sense of an ambiguous trigger word: shares are no protest, a military operation no surgery."""
import pytest

from tasks.nlp.annotate import annotate
from tasks.nlp.events.lexicon import SENSES_CSV, Sense, load_lexicon
from tasks.nlp.events.senses import sense_type
from tasks.nlp.events.tree import SentenceTree
from tasks.nlp.extract import extract_article
from tests.conftest import DATA


def extracted(models, name):
    text = (DATA / name).read_text(encoding="utf-8")
    return text, extract_article({"article_id": name, "text": text, "published_at": None, "title": None}, models)


def events_at(text, events, phrase):
    start = text.index(phrase)
    return [e for e in events if start <= e["trigger_start"] < start + len(phrase)]


def test_falling_shares_are_neither_a_protest_nor_an_accident(models):
    # Lenta: "Акции авиакомпании AirAsia резко упали после информации об исчезновении ... самолета"
    text, result = extracted(models, "lenta_0072_airasia_shares.txt")
    assert events_at(text, result.events, "Акции авиакомпании AirAsia резко упали") == []
    assert not [e for e in result.events if e["type"] == "protest"], result.events
    # the lost aircraft itself is still an event of the article
    assert [e for e in result.events if e["type"] == "accident" and e["trigger_lemma"] != "упасть"], \
        [(e["type"], e["trigger_text"]) for e in result.events]


def test_a_military_operation_is_warfare_and_a_knee_operation_surgery(models):
    text, result = extracted(models, "lenta_0051_swat_operation.txt")
    operations = [e for e in result.events if e["trigger_lemma"] == "операция"]
    assert operations and {e["type"] for e in operations} <= {"military_action", "other"}, operations
    assert {e["type"] for e in events_at(text, result.events, "Воздушная и наземная операция")} == {"military_action"}
    assert {e["quad_class"] for e in events_at(text, result.events, "Воздушная и наземная операция")} == {"conflict"}

    text, result = extracted(models, "lenta_sample/lenta_0006.txt")
    knee = events_at(text, result.events, "операция на колене")
    assert [e["type"] for e in knee] == ["injury"]


def test_sense_rows_are_read_in_file_order_with_a_fallback(models):
    doc = annotate("Военная операция против боевиков продолжилась в субботу.", models)
    tree = SentenceTree(doc.sents[0])
    operation = next(t for t in tree.tokens if t.lemma == "операция")
    rows = (Sense("операция", "боевик", "dependent", frozenset({"nmod"}), "other"),
            Sense("операция", "военный", "dependent", frozenset({"amod"}), "military_action"))
    assert sense_type(tree, operation, rows) == "other"             # the first matching row wins
    assert sense_type(tree, operation, rows[::-1]) == "military_action"
    # a relation the dependent does not have is no match; "otherwise" answers then
    wrong_relation = (Sense("операция", "военный", "dependent", frozenset({"nsubj"}), "military_action"),)
    assert sense_type(tree, operation, wrong_relation) is None
    assert sense_type(tree, operation, wrong_relation + (Sense("операция", "", "otherwise", frozenset(), "other"),)) \
        == "other"
    head_row = (Sense("операция", "продолжиться", "head", frozenset({"nsubj"}), "military_action"),)
    assert sense_type(tree, operation, head_row) == "military_action"
    sentence_row = (Sense("операция", "суббота", "sentence", frozenset(), "none"),)
    assert sense_type(tree, operation, sentence_row) == "none"
    against = Sense("операция", "против", "preposition", frozenset({"nmod"}), "other")
    assert sense_type(tree, operation, (against,)) == "other"      # "против боевиков"
    assert sense_type(tree, operation, (Sense("операция", "над", "preposition", frozenset(), "other"),)) is None


def test_a_misspelt_place_in_the_senses_file_is_an_error_naming_the_file(tmp_path):
    senses = tmp_path / "senses.csv"
    senses.write_text("lemma,cue,where,relations,type,notes\nакция,протест,dependant,nmod,protest,\n",
                      encoding="utf-8")
    from tasks.nlp.events.lexicon import PATTERNS_CSV, TRIGGERS_CSV
    with pytest.raises(ValueError, match="senses.csv.*dependant"):
        load_lexicon(TRIGGERS_CSV, PATTERNS_CSV, senses)
    assert load_lexicon().senses["акция"], SENSES_CSV


@pytest.mark.parametrize("name, phrase, before, after", [
    ("lenta_0332_hockey_game.txt", "В этой встрече Брызгалов", "meeting", "competition"),
    ("lenta_0353_mine_explosion.txt", "Взрыв метана в шахте", "attack", "accident"),
    ("lenta_0767_boxing_bout.txt", "12-раундовый бой", "military_action", "competition"),
])
def test_the_sport_and_the_mine_give_their_sense(models, name, phrase, before, after):
    text, result = extracted(models, name)
    found = events_at(text, result.events, phrase)
    assert [e["type"] for e in found] == [after], [(e["type"], e["trigger_text"]) for e in result.events]
    # the lexicon alone would have said otherwise: the sense rows, not the lexicon, typed it
    assert load_lexicon().triggers[found[0]["trigger_lemma"]] == before


def test_a_near_tie_between_two_types_in_navec_space_is_other(models):
    from tasks.nlp.events.learned import NEAREST_TYPE_MARGIN, nearest_type

    lexicon, index = load_lexicon(), models.events._lexicon_vectors
    # "инцидент": "взрыв" (attack) 0.58, "происшествие" (accident) 0.57
    assert nearest_type("инцидент", lexicon, models.embedding, index) == "attack"   # as the models were trained
    assert nearest_type("инцидент", lexicon, models.embedding, index, NEAREST_TYPE_MARGIN) == "other"
    # a clear neighbour keeps its type: "возгорание" -> "пожар" 0.76
    assert nearest_type("возгорание", lexicon, models.embedding, index, NEAREST_TYPE_MARGIN) == "disaster"


@pytest.mark.parametrize(("sentence", "lemma", "expected"), [
    # Lenta sentences: leaving a place is no resignation, leaving a post is
    ("Район боев уже покинули тысячи местных жителей.", "покинуть", "other"),
    ("После этого люди покинули поселение.", "покинуть", "other"),
    ("Стюарду стало плохо в тот момент, когда зрители начали покидать трибуны.", "покидать", "other"),
    ("Вскоре пост председателя совета директоров \"Роснефти\" покинул Игорь Сечин.", "покинуть", "resignation"),
    # stopped supplies are no arrest
    ("В Ташкенте остановлены поставки импортных товаров на один из крупнейших оптовых рынков Узбекистана.",
     "остановить", "other"),
    # topping a list is no appointment, heading a club is; joining a battle is warfare
    ("Нападающий «Барселоны» Лионель Месси возглавил список самых высокооплачиваемых футболистов мира.",
     "возглавить", "other"),
    ("Юрий Семин в четвертый раз за свою карьеру возглавил «Локомотив» 26 августа.", "возглавить", "appointment"),
    ("Спецназ вступил в бой с экстремистами.", "вступить", "military_action"),
    # an order signed is no agreement, a treaty signed is
    ("Соответствующий приказ подписал министр юстиции России Юрий Чайка.", "подписать", "legislation"),
    ("Россия и Турция подписали межправсоглашение по реализации проекта «Турецкий поток» 10 октября.",
     "подписать", "agreement"),
    # a rising, a skaters' performance and a band's
    ("В антиправительственных выступлениях на площади Тахрир в центре Каира участвовали десятки тысяч человек.",
     "выступление", "protest"),
    ("Министр спорта России Виталий Мутко подвел итоги выступления российских фигуристов на завершившемся "
     "3 апреля чемпионате мира в Бостоне.", "выступление", "competition"),
    ("Выступление коллектива, которое состоялось вечером 21 июля в зале The Roundhouse в рамках фестиваля "
     "iTunes Festival, было бесплатным.", "выступление", "cultural_event"),
    ("Вратарь пермского футбольного клуба \"Амкар\" Михаил Опарин забил гол в матче первенства молодежных "
     "команд с московским \"Динамо\".", "забить", "competition"),
    # a body found is a death reported; weapons found are not
    ("В Саранске обнаружено тело мужчины, одетого в костюм Бэтмена.", "обнаружить", "death"),
    ("На месте происшествия полиция обнаружила 27 гильз от патронов калибра 5,45 миллиметра.", "обнаружить", "other"),
    # taken to hospital is hospitalised
    ("В результате нападения 20-летний молодой человек получил рваную рану ноги и был доставлен в ближайшую "
     "больницу.", "доставить", "injury"),
    # a post left is a resignation, a life left a death
    ("Посол Литвы в России Антанас Винкус планирует в ближайшее время уйти с дипломатической службы.",
     "уйти", "resignation"),
    ("Хефнер ушел из жизни 28 сентября в возрасте 91 года.", "уйти", "death"),
    # a list read out is no event
    ("Кроме вице-премьера в списке кандидатур перечислены еще девять человек, в том числе и сейчас входящие "
     "в совет.", "перечислить", None),
    # condemning an act is no conviction; a helmet is no tournament, "Большой шлем" is
    ("Мировое сообщество осудило действия Израиля.", "осудить", None),
    ("Суд осудил бывшего мэра на восемь лет.", "осудить", "sentence"),
    ("В России шлем виртуальной реальности Playstation VR продается по цене в 35 тысяч рублей.", "шлем", None),
    ("Шарапова стала победительницей Большого шлема.", "шлем", "competition"),
    # teams meeting in a match play it; presidents meeting meet
    ("В главном матче турнира США встретятся с Италией, сообщает официальный сайт Кубка Федерации.",
     "встретиться", "competition"),
    ("Президент России Владимир Путин встретился в Кремле с премьер-министром Индии.", "встретиться", "meeting"),
    # firing practice is no attack, shooting at people is; a team's forwards are no attack (Lenta)
    ("На полигонах военнослужащие выполнят боевые стрельбы из штатного вооружения.", "стрельба", "other"),
    ("Как сообщил источник, стрельбы проводились в рамках испытаний усовершенствованного варианта ракеты.",
     "стрельба", "other"),
    ("В Москве мужчина устроил стрельбу по прохожим из окна своей квартиры.", "стрельба", "attack"),
    ("Лидер нападения уругвайцев Форлан после передачи Рекобы из пределов штрафной поразил угол ворот Дони.",
     "нападение", None),
    ("Нападение на инкассаторов было совершено у дома 74 по Садовнической улице.", "нападение", "attack"),
    # words the lexicon lacks, typed: a marshal arriving visits; leaving one's job is a resignation, questioning a charge, kept in custody a court's ruling (Lenta)
    ("Во вторник маршал Сергеев прибыл в Псков для участия в церемонии прощания с погибшими десантниками.",
     "прибыть", "visit"),
    ("По данным \"Коммерсанта\", Сытников 20 июня 2011 года уволился из банка по собственному желанию.",
     "уволиться", "resignation"),
    ("После этого 61-летнего Дэна Росса допросили представители ФБР.", "допросить", "charge"),
    ("Во вторник Мещанский суд Москвы оставил Платона Лебедева под стражей.", "оставить", "court_ruling"),
    # a court granting or quashing rules; out of prison is a release;
    # a goal scored in the parser's other order is a match too (Lenta)
    ("Суд удовлетворил прошение об условно-досрочном освобождении сельского учителя Ильи Фарбера.",
     "удовлетворить", "court_ruling"),
    ("Выборгский районный суд отменил постановление мирового судьи.", "отменить", "court_ruling"),
    ("Лебедев вышел на свободу из вельской колонии 24 января.", "выйти", "release"),
    ("Решающий гол в ворота французской команды забил россиянин Дмитрий Аленичев.", "забить", "competition"),
    ("На 78-й минуте у \"Амкара\" гол забил Евгений Тюкалов, а в концовке встречи Опарин принес пермякам ничью.",
     "забить", "competition"),
    ("Он также отметил, что своим первым указом снял с должности Александрова.", "снять", "resignation"),
    # care is no resignation, troops leaving withdraw, a minister leaving resigns (Lenta)
    ("Когда обнаружилось, что мать не справляется с уходом за детьми, троих из них отправили в интернат.",
     "уход", None),
    ("Местные силы будут обеспечивать порядок в стране после ухода коалиционных войск.", "уход", "other"),
    ("Только 11 процентов респондентов знают об уходе Андрея Казьмина с поста главы Сбербанка.", "уход",
     "resignation"),
    # a league's division is no meeting, a scientists' conference is (Lenta)
    ("\"Пейсерс\" занимает пятое место в Восточной конференции.", "конференция", None),
    ("Там он принял участие в работе научной конференции.", "конференция", "meeting"),
    # a round in a sentence about elections is the elections, also when only its votes say so (Lenta)
    ("Победитель во втором туре будет определен простым большинством голосов.", "тур", "election"),
    (("Бакир уулу высказал мнение, что если дальше выборы будут проходить по всем требованиям и "
      "стандартам, то обязательно состоится второй тур."), "тур", "election"),
    # a rank "в отставке" is retired; "подал в отставку" stays a resignation
    ("Полковник в отставке Владимир Квачков был задержан в Москве.", "отставка", None),
    # ... also when the parser hangs "в отставке" on a word further up (Lenta)
    (("В Ростове-на-Дону начался суд над бывшим военнослужащим Южного военного округа майором в отставке "
      "по фамилии Кленков, пишет \"Комсомольская правда\"."), "отставка", None),
    ("Офицер в отставке затем связался с силами правопорядка.", "отставка", None),
    # property frozen is no arrest; a cargo seized neither (Lenta)
    ("Швейцария арестовала счета россиян и завела на них дело об отмывании денег.", "арестовать", "sanction"),
    ("Сербские спецслужбы задержали крупный груз кокаина.", "задержать", "other"),
    ("Полиция задержала двух подозреваемых в убийстве.", "задержать", "arrest"),
    # words the lexicon lacks that the trigger model finds take their type (Lenta)
    ("В субботу полиция Афин разогнала несколько сотен анархистов.", "разогнать", "protest"),
    ("Гости полностью переиграли хозяев в борьбе под щитами, сделав 40 подборов против 29.",
     "переиграть", "competition"),
    ("Министр обороны подал в отставку.", "подать отставка", "resignation"),
    # a joke told is no release; prisoners freed and parole are one
    (("Всех их возмутило то, что после переговоров Путин отпустил несколько шуток в адрес украинского и "
      "грузинского президентов."), "отпустить", None),
    ("Полиция отпустила задержанных после составления протоколов.", "отпустить", "release"),
    (("Суд удовлетворил прошение об условно-досрочном освобождении сельского учителя Ильи Фарбера, "
      "приговоренного к трем годам колонии за вымогательство."), "освобождение", "release"),
    # a presidential race is an election; a sport's federation holds no race; a ski race is one
    ("О.Умала участвует в президентской гонке во второй раз.", "гонка", "election"),
    ("Аналогичное заявление сделал президент федерации лыжных гонок России Владимир Логинов.", "гонка", None),
    ("Устюгов финишировал первым в шести гонках из семи.", "гонка", "competition"),
])
def test_leaving_a_place_stopping_supplies_and_an_exit_take_their_sense(models, sentence, lemma, expected):
    result = extract_article({"article_id": "s", "text": sentence, "published_at": None, "title": None}, models)
    assert [e["type"] for e in result.events if e["trigger_lemma"] == lemma] == ([expected] if expected else []), \
        result.events


@pytest.mark.parametrize(("sentence", "lemma", "expected"), [
    # the exit of a polling station is no competition (Lenta)
    ("Об этом она сообщила на выходе из избирательного участка, расположенного в центре Бишкека.", "выход", "other"),
    # a lot sold is neither a resignation nor a death (Lenta)
    ("Бракованная фигурка Самус Аран, героини цикла игр Metroid, ушла с аукциона за 2,5 тысячи долларов, "
     "передает портал Polygon.", "уйти", "other"),
    # a player into the next round plays a match (Lenta, lenta_0846_yuzhny_second_round.txt)
    ("Российский теннисист Михаил Южный вышел во второй круг Открытого чемпионата Австралии (Australian Open).",
     "выйти", "competition"),
])
def test_a_word_the_model_may_take_or_leave_reads_its_sense_from_its_context(models, sentence, lemma, expected):
    # Whether these words are events at all is the trigger model's call (an earlier model took
    # each); when one is, this is its type.
    tree = SentenceTree(annotate(sentence, models).sents[0])
    token = next(t for t in tree.tokens if t.lemma == lemma)
    assert sense_type(tree, token, load_lexicon().senses[lemma]) == expected


@pytest.mark.parametrize("name, phrase, types", [
    # Lenta: "обвинили российскую компанию в организации мошеннической схемы с целью захвата рынка калия"
    ("lenta_0668_uralkali_market.txt", "захвата рынка калия", ["other"]),
    # Lenta: "протестировали технологию захвата при помощи сети парящих в невесомости космических тел"
    ("lenta_0671_space_net.txt", "захвата при помощи сети", []),
])
def test_taking_a_market_or_a_capture_technology_is_no_attack(models, name, phrase, types):
    text, result = extracted(models, name)
    assert [e["type"] for e in events_at(text, result.events, phrase)] == types
    # the article's arrest stays an event ("В Минске был арестован ... Владислав Баумгертнер")
    if name.startswith("lenta_0668"):
        assert [e["type"] for e in events_at(text, result.events, "арестован")] == ["arrest"]


def test_package_holidays_are_no_round_of_a_competition(models):
    # Lenta: "пользовались туры в Грецию и Тунис с размещением в трехзвездочных отелях"
    text, result = extracted(models, "lenta_0558_may_holiday_tours.txt")
    assert events_at(text, result.events, "туры в Грецию") == []
