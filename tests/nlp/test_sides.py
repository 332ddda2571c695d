"""Which side of an event each party is on: companies that talk with a third, funds a company
meets one by one, and parties the sentence sets on no side."""
from tasks.nlp.annotate import annotate
from tasks.nlp.events.sides import COUNTERPART, SUBJECT, comitative, counterpart_phrases, with_sides
from tasks.nlp.events.tree import SentenceTree
from tasks.nlp.events.triggers import Trigger
from tasks.nlp.extract import extract_article
from tests.conftest import DATA


def _extract(text: str, models):
    return extract_article({"article_id": "a", "text": text, "published_at": None, "title": None}, models)


def _sides(result, event) -> dict[str, str | None]:
    return {a["text"]: a["side"] for a in result.event_arguments
            if a["event_id"] == event["event_id"] and a["role"] in ("participant", "target")}


def _event_with(result, name: str):
    return next(e for e in result.events
                if name in {a["text"] for a in result.event_arguments if a["event_id"] == e["event_id"]})


def test_companies_that_talked_with_lukoil_are_one_side_and_lukoil_the_other(models):
    # Lenta: "переговоры о совместной деятельности с "ЛУКОЙЛом" также вели крупнейшие американские
    # нефтяные компании ExxonMobil и Chevron-Texaco"
    result = _extract((DATA / "lenta_0805_lukoil_partners.txt").read_text(encoding="utf-8"), models)
    talks = _event_with(result, "ЛУКОЙЛом")
    assert talks["type"] == "talks"
    assert _sides(result, talks) == {"ЛУКОЙЛом": COUNTERPART, "ExxonMobil": SUBJECT, "Chevron-Texaco": SUBJECT}
    # "ConocoPhillips и российская компания "ЛУКОЙЛ" ведут переговоры": no counterpart phrase, no sides
    joint = _event_with(result, "ConocoPhillips")
    assert set(_sides(result, joint).values()) == {None}


def test_the_funds_kodak_met_are_all_counterparts(models):
    # Lenta: "Kodak уже провела встречи с фондами Cerberus Capital Management LP, Silver Point
    # Capital LP, Centerbridge Partners LP и Highbridge Capital Management LLC"
    result = _extract((DATA / "lenta_0516_kodak_funds.txt").read_text(encoding="utf-8"), models)
    meetings = _event_with(result, "Silver Point Capital LP")
    sides = _sides(result, meetings)
    assert len(sides) == 4 and set(sides.values()) == {COUNTERPART}, sides


def test_a_talk_of_two_named_together_has_no_sides(models):
    # Lenta: "Президент ... Кипр Димитрис Христофиас ... и глава ... Мехмет Али Талат договорились
    # о возобновлении мирных переговоров"
    result = _extract((DATA / "lenta_0823_cyprus_talks.txt").read_text(encoding="utf-8"), models)
    first = result.events[0]["sentence_stop"]
    actors = [a for a in result.event_arguments if a["role"] in ("participant", "target") and a["start"] < first]
    assert actors and {a["side"] for a in actors} == {None}


def test_only_a_with_phrase_of_company_names_a_counterpart(models):
    doc = annotate("С середины сентября Kodak провела встречи с фондами Cerberus и Highbridge. "
                   "Рохлину госпитализировали с диагнозом инсульт. "
                   "Путин вместе с Медведевым встретился с историками. "
                   "Проходила вечеринка с участием королевы и принца Чарльза.", models)
    kodak, hospital, putin, party = [SentenceTree(s) for s in doc.sents]

    def token(tree, text):
        return next(t for t in tree.tokens if t.text == text)

    assert not comitative(kodak, token(kodak, "середины"))   # "с" of time takes the genitive
    assert comitative(kodak, token(kodak, "фондами"))
    meetings = token(kodak, "встречи")
    assert counterpart_phrases(kodak, {meetings.id, token(kodak, "провела").id}, set()) == {token(kodak, "фондами").id}
    # a diagnosis names no party
    assert counterpart_phrases(hospital, {token(hospital, "госпитализировали").id}, set()) == set()
    # "вместе с Медведевым" is the subject's company, "с историками" the counterpart
    met = token(putin, "встретился")
    assert counterpart_phrases(putin, {met.id}, set()) == {token(putin, "историками").id}
    # "с участием" names those who take part, on no side
    assert counterpart_phrases(party, {token(party, "вечеринка").id}, set()) == set()


def test_the_subjects_company_is_on_its_side(models):
    result = _extract("Путин вместе с Медведевым встретился с президентом Турции Эрдоганом и Алиевым.", models)
    meeting = next(e for e in result.events if e["type"] == "meeting")
    assert _sides(result, meeting) == {"Путин": SUBJECT, "Медведевым": SUBJECT,
                                       "Эрдоганом": COUNTERPART, "Алиевым": COUNTERPART}


def test_the_object_is_on_no_side_and_a_name_on_the_counterpart_is_the_counterpart(models):
    doc = annotate("Путин познакомил Медведева с Эрдоганом. Сборная Аргентины сыграла вничью в матче с командой России.",
                   models)
    introduced, match = [SentenceTree(s) for s in doc.sents]

    def trigger(tree, text):
        return Trigger([next(t for t in tree.tokens if t.text == text)], "other")

    def argument(tree, text):
        token = next(t for t in tree.tokens if t.text == text)
        return {"role": "participant", "start": token.start, "stop": token.stop, "text": text}

    sides = [a["side"] for a in with_sides(introduced, trigger(introduced, "познакомил"),
                                           [argument(introduced, n) for n in ("Путин", "Медведева", "Эрдоганом")])]
    assert sides == [SUBJECT, None, COUNTERPART]
    sides = [a["side"] for a in with_sides(match, trigger(match, "матче"),
                                           [argument(match, "России"), {**argument(match, "России"), "role": "place"}])]
    assert sides == [COUNTERPART, None]


def test_the_agent_of_a_verb_is_read_from_its_case_whatever_the_order(models):
    # Lenta: "Высшую государственную награду Франции Чемезову 9 марта в Париже вручил президент
    # Николя Саркози": the one awarded comes first, the nominative names who gave it.
    result = _extract((DATA / "lenta_0119_chemezov_award.txt").read_text(encoding="utf-8"), models)
    award = _event_with(result, "Чемезову")
    sides = _sides(result, award)
    assert sides["Чемезову"] == COUNTERPART
    assert [side for text, side in sides.items() if "Саркози" in text] == [SUBJECT]


def test_the_agent_of_a_passive_verb_is_its_instrumental(models):
    # Lenta: "Михаил Ходорковский был помилован в декабре 2013 года президентом Владимиром Путиным"
    result = _extract((DATA / "lenta_0458_khodorkovsky_pardon.txt").read_text(encoding="utf-8"), models)
    pardon = _event_with(result, "Владимиром Путиным")
    assert _sides(result, pardon) == {"Михаил Ходорковский": COUNTERPART, "Владимиром Путиным": SUBJECT}


def test_a_post_in_the_instrumental_is_no_agent(models):
    # NEREL (Wikinews): "26 сентября Синдзо Абэ был выбран новым Премьер-министром Японии": the
    # instrumental names the post Абэ took, not who chose him.
    result = _extract((DATA / "nerel_3397_abe_elected.txt").read_text(encoding="utf-8"), models)
    chosen = _event_with(result, "Синдзо Абэ")
    assert SUBJECT not in _sides(result, chosen).values()


def test_of_two_nominative_looking_parties_the_agent_is_the_animate_one(models):
    # NEREL (Wikinews): "«Спортинг» возглавил Веркотерен": an inanimate masculine noun's accusative
    # reads as its nominative; the coach, not the club, is who took the helm.
    result = _extract((DATA / "nerel_20352_sporting_coach.txt").read_text(encoding="utf-8"), models)
    headline = next(e for e in result.events if e["trigger_text"] == "возглавил")
    assert _sides(result, headline) == {"Спортинг": COUNTERPART, "Веркотерен": SUBJECT}


def _sides_of(models, sentence: str, trigger_word: str, parties: tuple[str, ...]) -> dict[str, str | None]:
    """with_sides on one real sentence, the trigger and the parties given: whether the trigger
    model takes the word as an event is its own call, the sides are this module's."""
    tree = SentenceTree(annotate(sentence, models).sents[0])
    trigger = Trigger([next(t for t in tree.tokens if t.text == trigger_word)], "other")
    arguments = []
    for name in parties:
        start = sentence.index(name)
        arguments.append({"role": "participant", "start": start, "stop": start + len(name), "text": name})
    return {a["text"]: a["side"] for a in with_sides(tree, trigger, arguments)}


def test_the_agent_acts_first_where_the_other_parties_hang_deeper(models):
    # Lenta: the Duma hangs on the law's topic, on no side; the president is the one who acted
    sides = _sides_of(models, "Новую редакцию закона о выборах депутатов Думы президент внес в нижнюю палату "
                      "парламента в декабре.", "внес", ("Думы", "президент"))
    assert sides == {"Думы": None, "президент": SUBJECT}
    # Lenta: "пост председателя совета директоров "Роснефти" покинул Игорь Сечин": who left
    result = _extract((DATA / "lenta_0576_sechin_leaves_board.txt").read_text(encoding="utf-8"), models)
    left = next(e for e in result.events if e["trigger_text"] == "покинул")
    assert {text: side for text, side in _sides(result, left).items() if side} == {"Игорь Сечин": SUBJECT}
    # Lenta: several agents in one phrase stay on no side, so who_met_whom still pairs those who
    # acted together
    sides = _sides_of(models, "В конце 2011 - начале 2012 года ЕС, Афины и МВФ одобрили план реструктуризации "
                      "долгов Греции, подразумевающий сокращение госдолга до уровня в 120 процентов ВВП к 2020 "
                      "году.", "одобрили", ("ЕС", "Афины", "МВФ", "Греции"))
    assert sides == {"ЕС": None, "Афины": None, "МВФ": None, "Греции": None}
