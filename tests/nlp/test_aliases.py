"""Other names of the same place or organisation: one entity (tasks/nlp/lexicon/aliases.csv)."""
import csv
from pathlib import Path

from tasks.nlp.annotate import annotate
from tasks.nlp.entities import ALIASES_CSV, resolve_mentions, spans_to_mentions

DATA = Path(__file__).resolve().parents[1] / "data"


def entities_of(text, models):
    mentions, entities = resolve_mentions(spans_to_mentions(annotate(text, models), "t", models), models, text)
    names = {e["entity_id"]: e["name"] for e in entities}
    return {m["text"]: names[m["entity_id"]] for m in mentions}


def test_country_and_union_names_are_one_entity_each(models):
    found = entities_of(
        "По данным Организации Объединенных Наций, власти Соединенных Штатов, США и Российской "
        "Федерации, а также России и РФ договорились с Евросоюзом, ЕС и Европейским союзом.", models)
    assert found["Российской Федерации"] == found["России"] == found["РФ"] == "Россия"
    assert found["Соединенных Штатов"] == found["США"] == "США"
    assert found["Евросоюзом"] == found["ЕС"] == found["Европейским союзом"] == "Европейский союз"


def test_abbreviation_defined_in_the_article_joins_its_name(models):
    found = entities_of("Представители Комитета защиты журналистов (КЗЖ) выступили в Москве. "
                        "По словам КЗЖ, работа идет.", models)
    assert found["КЗЖ"] == found["Комитета защиты журналистов"] == "Комитет защиты журналистов"


def test_only_an_abbreviation_in_brackets_is_defined_by_the_name_before_it(models):
    """Lenta.ru: "... учения Южной Кореи и США. КНДР обвинила ..." made every КНДР of the article
    США, and "... письме ассоциации, направленном в Центробанк. АРБ отмечает" every АРБ the
    central bank, though the article opens with "Ассоциация российских банков (АРБ)"."""
    names_of = {}
    for name in ("lenta_0060_kaesong.txt", "lenta_0475_islamic_banking.txt"):
        text = (DATA / name).read_text(encoding="utf-8")
        mentions, entities = resolve_mentions(spans_to_mentions(annotate(text, models), "t", models), models, text)
        names = {e["entity_id"]: e["name"] for e in entities}
        for mention in mentions:
            names_of.setdefault(mention["text"], set()).add(names[mention["entity_id"]])
    assert names_of["КНДР"] == {"КНДР"}
    assert names_of["США"] == {"США"}
    assert names_of["АРБ"] == {"Ассоциация российских банков"}
    assert names_of["Центробанк"] == {"Центробанк"}
    found = entities_of("Переговоры России, США и Китая продолжатся. Представители ФСБ, МВД и прокуратуры "
                        "прибыли на место.", models)
    assert (found["США"], found["МВД"]) == ("США", "МВД")


def test_common_short_and_full_names_of_an_agency_or_a_ministry_are_one_entity(models):
    found = entities_of("Об этом сообщает AFP. По данным Agence France-Presse, ЦБ и Центробанк Зимбабве, "
                        "а также Министерство обороны и Минобороны США ответили газете «Коммерсантъ».", models)
    assert found["AFP"] == found["Agence France-Presse"] == "Agence France-Presse"
    # one body by either name; of the one country the article gives it (entities.bodies_of_countries)
    assert found["ЦБ"] == found["Центробанк"] == "Центробанк (Зимбабве)"
    assert found["Министерство обороны"] == found["Минобороны"] == "Минобороны (США)"
    # the paper's own sign for itself (NEREL train: 19 mentions of "Ъ", all Коммерсант)
    assert entities_of("Глава исполкома \"Единой России\" Андрей Воробьев заявил \"Ъ\", что у партии нет "
                       "никакой позиции.", models)["Ъ"] == "Коммерсант"
    # an international body by its letters, its name or another name of it (Lenta and NEREL sentences)
    found = entities_of("В матче второго тура россияне уступили сербам, сообщает официальный сайт УЕФА. "
                        "Европейский футбольный союз оштрафовал клуб. Обама отметил, что не считает "
                        "разоблачителя ЦРУ патриотом.", models)
    assert found["УЕФА"] == found["Европейский футбольный союз"] == "Союз европейских футбольных ассоциаций"
    assert found["ЦРУ"] == "Центральное разведывательное управление"
    # spellings of one group; an election commission by its three names, another country's apart
    found = entities_of("Ответственность взяла на себя \"Аль-Каеда\". Лидер \"Аль-Кайды\" погиб. ЦИК подвел "
                        "итоги. Центризбирком России объявил результаты. Центральная избирательная комиссия Украины "
                        "отказала.", models)
    assert found["Аль-Каеда"] == found["Аль-Кайды"] == "Аль-Каида"
    assert found["ЦИК"] == found["Центризбирком"] == "Центральная избирательная комиссия"
    assert found["Центральная избирательная комиссия"] == "Центральная избирательная комиссия (Украина)"
    # a name that says whose bank it is stays apart from one that does not
    assert entities_of("Кроме того, в АРБ считают необходимым создать в Банке России центральный шариатский "
                       "совет.", models)["Банке России"] == "Банк России"


def test_the_media_are_no_organisation(models):
    # Lenta: "Об этом сообщают российские СМИ со ссылкой на МВД" (the tagger reads СМИ as ORG)
    found = entities_of("Об этом сообщают российские СМИ со ссылкой на МВД. По данным СМИ, задержан один человек.",
                        models)
    assert "СМИ" not in found and found["МВД"] == "МВД"


def test_lexicon_holds_every_source_and_no_person():
    with open(ALIASES_CSV, encoding="utf-8") as rows:
        rows = list(csv.DictReader(rows))
    assert {r["source"] for r in rows} == {"nerel", "pycountry", "curated"}
    assert {r["type"] for r in rows} <= {"LOC", "ORG"}
    assert {r["kind"] for r in rows} <= {"abbreviation", "synonym"}
    by_alias = {(r["type"], r["alias"]): r["name"] for r in rows}
    assert by_alias[("LOC", "КНР")] == "Китай"                      # curated
    assert by_alias[("ORG", "ИГИЛ")] == "Исламское государство"      # NEREL's Wikidata ids
    assert by_alias[("LOC", "Китайская Народная Республика")] == "Китай"  # pycountry, joined with the curated name
