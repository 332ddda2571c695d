"""Participants beyond the named mentions of a sentence, on excerpts of real Lenta.ru articles:
titles resolved to the person the article gave them, unresolved ones kept with their text,
countries in the genitive left out, clause actors of reliable triggers."""
import dataclasses

import pytest

from tasks.nlp.annotate import annotate
from tasks.nlp.entities import entity_id_for, spans_to_mentions
from tasks.nlp.events.nominals import article_people, load_titles, named_with, titles_fit, with_named_titles
from tasks.nlp.events.tree import SentenceTree
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


def nominal(extraction, text):
    """Every argument whose words are this title noun, over all events."""
    return [a for a in extraction.event_arguments if a["text"] == text]


def test_a_title_introducing_someone_new_is_no_one_named_before(models):
    # Джордж Буш is the only person of the article, but "Также был убит один британский
    # журналист" speaks of someone it never names.
    _, extraction = extract(models, "lenta_0786_iraq_hundred_days.txt")
    killed = nominal(extraction, "британский журналист")   # the adjective says which one, "один" not
    assert killed and all(a["entity_id"] is None for a in killed)


def test_a_title_is_not_the_person_its_own_sentence_names_apart_from_it(models):
    # "Юров и его коллеги ... прослушивали телефонные переговоры бизнесмена": Юров is the
    # policeman; the businessman is someone else, though Юров is the only person named so far.
    _, extraction = extract(models, "lenta_0148_wiretapped_businessman.txt")
    wiretapped = nominal(extraction, "бизнесмена")
    assert wiretapped and all(a["entity_id"] is None for a in wiretapped)


def test_a_title_beside_a_pronoun_subject_is_not_the_only_person(models):
    # "..., - рассказал он в четверг журналисту The Jerusalem Post": он is Юссеф Самир, the
    # journalist he spoke to is not.
    _, extraction = extract(models, "lenta_0421_escaped_journalist.txt")
    samir = entity_id_for("PER", "Юссеф Самир")
    assert samir not in {a["entity_id"] for a in nominal(extraction, "журналисту")}


def test_a_title_in_quotation_marks_is_a_name_of_its_own(models):
    # "Единственный показ "Пианиста"": the film, not a pianist of the article.
    _, extraction = extract(models, "lenta_0968_pianist_premiere.txt")
    assert nominal(extraction, "Пианиста") == []


def test_a_title_before_a_name_is_that_names_not_the_next_ones(models):
    # "Говоря о травме основного вратаря сборной России Игоря Акинфеева, Губерниев ...": the
    # goalkeeper is Акинфеев; Губерниев, the commentator, is given no goalkeeper's title.
    from tasks.nlp.annotate import annotate
    from tasks.nlp.entities import resolve_mentions, spans_to_mentions
    name = "lenta_0551_goalkeeper_commentator.txt"
    doc = annotate((NOMINALS / name).read_text(encoding="utf-8").strip(), models)
    mentions, _ = resolve_mentions(spans_to_mentions(doc, name, models), models, doc.text)
    people = article_people(doc, mentions)
    titles = {}
    for person in people.people:
        titles.setdefault(person.mention["entity_id"], set()).update(lemma for lemma, _ in person.titles)
    assert "вратарь" in titles[entity_id_for("PER", "Игорь Акинфеев")]
    assert "вратарь" not in titles[entity_id_for("PER", "Дмитрий Губерниев")]


def test_a_person_noun_that_comes_with_a_name_stands_for_that_name(models):
    # Lenta: "Смерть военнослужащего срочной службы Владислава Салтаганова наступила от ..."
    _, conscript = extract(models, "lenta_0514_conscript_death.txt")
    saltaganov = entity_id_for("PER", "Владислав Салтаганов")
    assert any(a["entity_id"] == saltaganov and a["text"].startswith("военнослужащего")
               for a in actors(conscript, "Смерть")), actors(conscript, "Смерть")
    # Lenta: the name in apposition, whatever case the tagger read; a name in another case
    # after the title is someone else's ("пресс-секретарь Путина Дмитрий Песков" is Песков)
    for text, noun, name in [
        ("Решающий гол в ворота французской команды забил россиянин Дмитрий Аленичев.", "россиянин",
         "Дмитрий Аленичев"),
        (("В январе во Франции был арестован имам одной из мечетей в пригороде Парижа Хеллали "
          "Беншеллали и его семья."), "имам", "Хеллали Беншеллали"),
        ("Об этом сообщил пресс-секретарь Путина Дмитрий Песков.", "пресс-секретарь", "Дмитрий Песков"),
    ]:
        doc = annotate(text, models)
        people = article_people(doc, spans_to_mentions(doc, "a", models))
        tree = people.trees[0]
        token = next(t for t in tree.tokens if t.text == noun)
        assert named_with(tree, token, people)["text"] == name, text


def test_a_noun_for_a_countrys_people_stands_for_the_country_unless_a_name_follows(models):
    # Lenta: the Russian team's friendly, a journalist the Palestinians kidnapped, Aleničev's goal
    text = "29 марта россияне проведут товарищеский матч со сборной Катара."
    result = extract_article({"article_id": "d", "text": text, "published_at": None, "title": None}, models)
    assert entity_id_for("LOC", "Россия") in {a["entity_id"] for a in actors(result, "матч")}, actors(result, "матч")
    assert "Россия" in {e["name"] for e in result.entities}       # an entity of the article, named or not
    # an oblique plural, given as a party (whether "похищенный" is an event is the trigger model's call)
    text = ("Израильский журналист арабского происхождения, похищенный палестинцами еще в начале апреля, "
            "смог сбежать и в среду добрался до израильского КПП.")
    doc = annotate(text, models)
    tree = SentenceTree(doc.sents[0])
    start = text.index("палестинцами")
    party = {"role": "participant", "start": start, "stop": start + len("палестинцами"), "text": "палестинцами",
             "entity_id": None}
    linked = with_named_titles(tree, [party], article_people(doc, spans_to_mentions(doc, "d", models)))
    assert linked[0]["entity_id"] == entity_id_for("LOC", "Палестина"), linked
    goal = "Решающий гол в ворота французской команды забил россиянин Дмитрий Аленичев."
    result = extract_article({"article_id": "g", "text": goal, "published_at": None, "title": None}, models)
    parties = {a["entity_id"] for a in actors(result, "забил")}
    assert entity_id_for("PER", "Дмитрий Аленичев") in parties and entity_id_for("LOC", "Россия") not in parties


def test_a_person_noun_with_a_name_is_that_person_though_it_names_a_country_too(models):
    # Lenta: "В Москве задержан гражданин Грузии Шота Чичиашвили, обвиняемый в организации похищений"
    text = (DATA / "lenta_0547_chichiashvili_arrest.txt").read_text(encoding="utf-8")
    result = extract_article({"article_id": "c", "text": text, "published_at": None, "title": None}, models)
    found = actors(result, "задержан")
    assert "гражданин" in {a["text"] for a in found}, found
    parties = {a["entity_id"] for a in found}
    assert entity_id_for("PER", "Шота Чичиашвили") in parties and entity_id_for("LOC", "Грузия") not in parties


def test_a_nominal_phrase_takes_the_adjectives_before_its_noun(models):
    from tasks.nlp.canonical import phrase_name
    from tasks.nlp.events.nominals import nominal_phrase

    # Lenta (lenta_0265_uisky_deputy.txt), a candidate whose score sits at the nominal threshold:
    # the phrase and its nominative, whichever way the role model decides
    sentence = ("Следственные органы предъявили обвинение члену Совета депутатов Уйского муниципального района "
                "Челябинской области Владимиру Глушаку за избиение полицейского.")
    doc = annotate(sentence, models)
    tree = SentenceTree(doc.sents[0])
    start, stop = nominal_phrase(tree, next(t for t in tree.tokens if t.text == "органы"))
    assert sentence[start:stop] == "Следственные органы"
    tokens = [t for t in doc.tokens if start <= t.start and t.stop <= stop]
    assert phrase_name(sentence[start:stop], tokens, models.morph_vocab, opens_sentence=True) == "следственные органы"


@pytest.mark.parametrize("name, phrase, text, nominative", [
    # Lenta: "мятежное правительство категорически отказалось от переговоров с Каддафи"
    ("lenta_0531_libya_talks.txt", "мятежное правительство категорически", "мятежное правительство",
     "мятежное правительство"),
])
def test_a_nominal_party_keeps_the_adjectives_that_say_which_one(models, name, phrase, text, nominative):
    article = (DATA / name).read_text(encoding="utf-8")
    arguments = extract_article({"article_id": "a", "text": article, "published_at": None}, models).event_arguments
    at = article.index(phrase)
    parties = [(a["text"], a["nominative"]) for a in arguments if a["start"] == at and a["role"] == "participant"]
    assert parties and set(parties) == {(text, nominative)}, parties


def test_a_pointing_word_or_an_age_is_no_part_of_the_phrase(models):
    from tasks.nlp.events.nominals import nominal_phrase
    from tasks.nlp.events.tree import SentenceTree

    # Lenta: "исход встречи решил другой представитель России"; "28-летняя спортсменка не выходила на корт"
    for sentence, noun, start in [("Исход встречи решил другой представитель России.", "представитель", "представитель"),
                                  ("28-летняя спортсменка не выходила на корт с 26 января.", "спортсменка",
                                   "спортсменка")]:
        tree = SentenceTree(annotate(sentence, models).sents[0])
        token = next(t for t in tree.tokens if t.text == noun)
        first, _ = nominal_phrase(tree, token)
        assert sentence[first:].startswith(start)
