"""The news agency that reports an event, and the country a party leads, take no part in it."""
from tasks.nlp.annotate import annotate
from tasks.nlp.entities import entity_id_for
from tasks.nlp.events.parties import reporting_word
from tasks.nlp.events.tree import SentenceTree
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
    assert ("Гонконга", "affiliation") in roles and ("Гонконга", "participant") not in roles, roles
