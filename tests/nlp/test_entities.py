from pathlib import Path

from tasks.nlp.annotate import annotate
from tasks.nlp.entities import (
    entity_id_for,
    feminine_surnames,
    inflected_variants,
    name_key,
    resolve_mentions,
    resolve_people,
    spans_to_mentions,
    surnames_written_alone,
    words_kept_as_written,
)
from tasks.nlp.models import load_models
from tests.conftest import SEED_ARTICLE

DATA = Path(__file__).resolve().parents[1] / "data"


def test_partial_names_take_the_one_full_name_that_contains_them():
    resolved = resolve_people(["Владимир Путин", "Путин", "Ильхам Алиев", "Алиев", "Песков"])
    assert resolved["Путин"] == "Владимир Путин"
    assert resolved["Алиев"] == "Ильхам Алиев"
    assert resolved["Песков"] == "Песков"          # no full name in the article: stays as is


def test_ambiguous_partial_name_is_left_alone():
    resolved = resolve_people(["Ильхам Алиев", "Гейдар Алиев", "Алиев"])
    assert resolved["Алиев"] == "Алиев"


def test_longest_name_wins_over_intermediate_ones():
    resolved = resolve_people(["Путин", "Владимир Путин", "Владимир Владимирович Путин"])
    assert resolved["Путин"] == resolved["Владимир Путин"] == "Владимир Владимирович Путин"


def test_a_surname_whose_normal_form_is_a_guess_takes_the_full_name_by_its_written_words():
    # Natasha reads the lone "Тсвангираи" as "Тсвангирая"; the full name keeps the written word
    surfaces = {"Морган Тсвангираи": {"Морган Тсвангираи"}, "Тсвангирая": {"Тсвангираи"}}
    assert resolve_people(list(surfaces), surfaces)["Тсвангирая"] == "Морган Тсвангираи"
    # the normal form decides when it fits: "Алиева" as written is not Лейла Алиева's here
    surfaces = {"Ильхам Алиев": {"Ильхам Алиев"}, "Лейла Алиева": {"Лейла Алиева"}, "Алиев": {"Алиева"}}
    assert resolve_people(list(surfaces), surfaces)["Алиев"] == "Ильхам Алиев"
    # and an ambiguous normal form stays ambiguous whatever was written
    surfaces = {"Ильхам Алиев": {"Ильхам Алиев"}, "Гейдар Алиев": {"Гейдар Алиев"}, "Алиев": {"Алиева"}}
    assert resolve_people(list(surfaces), surfaces)["Алиев"] == "Алиев"


def test_a_lone_surname_in_another_case_takes_the_full_name_it_declines_from():
    import functools

    from tasks.nlp.forms import word_forms
    forms = functools.partial(word_forms, morph_vocab=load_models().morph_vocab)
    # NEREL dev: Natasha leaves "Маккаррика" and "Визбора" as they are
    names = ["Теодор Маккаррик", "Маккаррика", "Юрий Визбор", "Визбора", "Песков"]
    resolved = resolve_people(names, {n: {n} for n in names}, forms)
    assert resolved["Маккаррика"] == "Теодор Маккаррик" and resolved["Визбора"] == "Юрий Визбор"
    assert resolved["Песков"] == "Песков"
    # two full names it could decline from: it stays apart
    names = ["Ильхам Алиев", "Гейдар Алиев", "Алиеву"]
    assert resolve_people(names, {n: {n} for n in names}, forms)["Алиеву"] == "Алиеву"


def test_names_of_the_same_words_are_one_name():
    # NEREL train (Wikinews): a photo caption run into the text doubles a name, and a register
    # puts the surname first; neither may make the shorter names ambiguous
    resolved = resolve_people(["Анджелина Джоли Анджелина Джоли", "Анджелина Джоли", "Джоли", "Анджелина"])
    assert set(resolved.values()) == {"Анджелина Джоли"}
    resolved = resolve_people(["Сурков Владислав Юрьевич", "Владислав Сурков", "Владислав Юрьевич Сурков", "Сурков"])
    assert set(resolved.values()) == {"Владислав Юрьевич Сурков"}


def test_every_spelling_of_a_name_is_resolved():
    resolved = resolve_people(["Мунтазер аль-Зайди", "Аль-Зайди", "аль-Зайди"])
    assert resolved["Аль-Зайди"] == resolved["аль-Зайди"] == "Мунтазер аль-Зайди"


def test_lone_foreign_surnames_join_the_full_name_in_real_articles():
    """Lenta.ru: "Морган Тсвангираи" once, then "Тсвангираи" three times; "Анджелина Джоли", then
    "Джоли" (Natasha's normal forms: "Тсвангирая", "Джоля")."""
    models = load_models()
    for name, person in (("lenta_zimbabwe_runoff.txt", "Морган Тсвангираи"),
                         ("lenta_jolie_cambodia.txt", "Анджелина Джоли")):
        text = (DATA / name).read_text(encoding="utf-8")
        mentions, entities = resolve_mentions(spans_to_mentions(annotate(text, models), name, models), models, text)
        surname = person.split()[-1]
        theirs = [m for m in mentions if m["type"] == "PER" and m["text"] == surname]
        assert len(theirs) >= 3, (name, [m["text"] for m in mentions])
        assert {m["entity_id"] for m in theirs} == {entity_id_for("PER", person)}
        assert not any(e["name"] in ("Тсвангирая", "Джоля") for e in entities)
    # the lone "Саратх" is the employee named in full in the genitive ("Мунха Саратха"), and the
    # surname written alone gives the full name its nominative
    assert {m["entity_id"] for m in mentions if m["text"] in ("Саратх", "Мунха Саратха")} == {
        entity_id_for("PER", "Мунх Саратх")}


def test_a_full_name_left_inflected_takes_the_surname_written_alone_in_real_articles():
    """Lenta.ru: "сенатора-республиканца Джадда Грегга", then "Грегг станет министром"; "команда
    Яромира Ягра", then "Яшин и Ягр получили места"; "Андрею Диканю", then "Дикань". The
    normaliser knows none of the names."""
    models = load_models()
    for name, person, written in (("lenta_gregg_commerce.txt", "Джадд Грегг", {"Джадда Грегга", "Грегг", "Грегга"}),
                                  ("lenta_khl_all_stars.txt", "Яромир Ягр", {"Яромира Ягра", "Ягр", "Ягра"}),
                                  # a soft stem drops its last letter before the ending: "Диканю" of "Дикань"
                                  ("lenta_0974_spartak_dikan.txt", "Андрей Дикань", {"Андрею Диканю", "Дикань"})):
        text = (DATA / name).read_text(encoding="utf-8")
        mentions, entities = resolve_mentions(spans_to_mentions(annotate(text, models), name, models), models, text)
        theirs = [m for m in mentions if m["type"] == "PER" and m["text"] in written]
        assert {m["text"] for m in theirs} == written, (name, [m["text"] for m in mentions])
        assert {m["entity_id"] for m in theirs} == {entity_id_for("PER", person)}
        assert person in {e["name"] for e in entities}


def test_one_name_the_normaliser_left_in_two_cases_is_one_person_in_real_articles():
    """Lenta.ru: "Найджела Фаража" (normalised as written and as "Найджела Фараж"), "Найджел
    Фараж" and a lone "Фаража"; "Трея Паркера" beside "Трей Паркер" and a lone "Паркеру"."""
    models = load_models()
    for name, person, written in (("lenta_0159_farage.txt", "Найджел Фараж", {"Найджела Фаража", "Найджел Фараж", "Фаража", "Фараж"}),
                                  ("lenta_south_park.txt", "Трей Паркер", {"Трея Паркера", "Трей Паркер", "Паркеру", "Паркера"})):
        text = (DATA / name).read_text(encoding="utf-8")
        mentions, _ = resolve_mentions(spans_to_mentions(annotate(text, models), name, models), models, text)
        theirs = [m for m in mentions if m["type"] == "PER" and m["text"] in written]
        assert {m["text"] for m in theirs} == written, (name, [m["text"] for m in mentions])
        assert {m["entity_id"] for m in theirs} == {entity_id_for("PER", person)}, {m["normal"] for m in theirs}


def test_a_lone_name_joins_the_full_name_written_with_it_and_gives_it_its_word_back():
    """Lenta.ru: "Дидье Дрогба" (normalised "Дидье Дрогб") and "Дрогба" alone; "Челси Дэйви"
    ("Челсь Дэйви") and "Челси" alone. "Ларса Вилкса" gives "Ларс Вилкс" no "Вилкса"."""
    models = load_models()
    for name, person, written in (("lenta_0672_porto_monaco.txt", "Дидье Дрогба", {"Дидье Дрогба", "Дрогба"}),
                                  ("lenta_0289_prince_harry.txt", "Челси Дэйви", {"Челси Дэйви", "Челси"})):
        text = (DATA / name).read_text(encoding="utf-8")
        mentions, entities = resolve_mentions(spans_to_mentions(annotate(text, models), name, models), models, text)
        theirs = [m for m in mentions if m["type"] == "PER" and m["text"] in written]
        assert {m["text"] for m in theirs} == written, (name, [m["text"] for m in mentions])
        assert {m["entity_id"] for m in theirs} == {entity_id_for("PER", person)}, {m["normal"] for m in theirs}
        assert person in {e["name"] for e in entities}
    people = {"Ларс Вилкс": "Ларс Вилкс", "Вилкса": "Ларс Вилкс"}
    surfaces = {"Ларс Вилкс": {"Ларс Вилкс", "Ларса Вилкса"}, "Вилкса": {"Вилкса"}}
    assert words_kept_as_written(people, surfaces) == people


def test_only_a_name_in_another_case_is_the_same_name():
    models = load_models()
    assert inflected_variants(["Саю Твомбли", "Сай Твомбли", "Гие Криалашвили", "Гия Криалашвили"],
                              models.morph_vocab) == {"Саю Твомбли": "Сай Твомбли", "Гие Криалашвили": "Гия Криалашвили"}
    # a man and a woman of one surname, two men of one first name, a name a longer one holds
    for names in (["Александр Майданник", "Александра Майданник"], ["Юлия Петрова", "Юлий Петрова"],
                  ["Сергей Иванов", "Сергей Ивашов"], ["Ван Дамма", "Ван Дамм", "Жан-Клод Ван Дамма"]):
        assert inflected_variants(names, models.morph_vocab) == {}, names


def test_a_womans_surname_left_in_an_oblique_case_takes_the_nominative_in_a_real_article():
    """Lenta.ru: "поздравил биатлонистку Екатерину Юрлову" (Natasha: "Екатерина Юрлову")."""
    models = load_models()
    text = (DATA / "lenta_yurlova_biathlon.txt").read_text(encoding="utf-8")
    mentions, entities = resolve_mentions(spans_to_mentions(annotate(text, models), "a", models), models, text)
    assert "Екатерину Юрлову" in {m["text"] for m in mentions}
    assert "Екатерина Юрлова" in {e["name"] for e in entities}
    assert not any(e["name"].endswith("Юрлову") for e in entities)


def test_only_a_womans_regular_oblique_surname_is_put_in_the_nominative():
    models = load_models()
    names = ["Дарига Назарбаевой", "Анна Политковскую", "Сергей Скрипаля", "Мэри Гудвин", "Анна Чакветадзе"]
    renamed = feminine_surnames({name: name for name in names}, models.morph_vocab)
    assert renamed == {"Дарига Назарбаевой": "Дарига Назарбаева", "Анна Политковскую": "Анна Политковская",
                       "Сергей Скрипаля": "Сергей Скрипаля", "Мэри Гудвин": "Мэри Гудвин",
                       "Анна Чакветадзе": "Анна Чакветадзе"}


def test_a_womans_full_name_keeps_its_surname_beside_a_mans_written_alone():
    models = load_models()
    surfaces = {"Мария Шарапова": {"Марии Шараповой"}, "Шарапов": {"Шарапов"}}
    people = {"Мария Шарапова": "Мария Шарапова", "Шарапов": "Мария Шарапова"}
    assert surnames_written_alone(people, surfaces, models.morph_vocab) == people
    # a first name pymorphy2 knows as a man's keeps its ending ("Никита", not "Никит")
    surfaces = {"Никита Грегга": {"Никита Грегга"}, "Грегг": {"Грегг"}}
    people = {"Никита Грегга": "Никита Грегга", "Грегг": "Никита Грегга"}
    assert set(surnames_written_alone(people, surfaces, models.morph_vocab).values()) == {"Никита Грегг"}


def test_a_title_kinship_word_or_age_before_a_name_is_left_out_of_the_person():
    """Sentences of Lenta.ru and Russian Wikinews (NEREL train) where Natasha's span takes in the
    word before the name; NEREL's gold person starts after it."""
    models = load_models()

    def people(text):
        return [(m["text"], m["normal"]) for m in spans_to_mentions(annotate(text, models), "a", models)
                if m["type"] == "PER"]

    assert people("С середины января 56-летний С.Джобс находился в бессрочном отпуске по состоянию "
                  "здоровья.") == [("С.Джобс", "С.Джобс")]
    assert people("Племянник Алишера Усманова разбился в ДТП.") == [("Алишера Усманова", "Алишер Усманов")]
    assert people("Сэр Иэн Маккелен (Ian McKellen) - один из самых известных британских актеров.") == [
        ("Иэн Маккелен", "Иэн Маккелен")]
    # a title before a first name alone, or before an adjective, is how the person is known
    assert people("31-летние Принц Уильям и его супруга Кейт женаты с 2011 года и впервые стали "
                  "родителями.")[0] == ("Принц Уильям", "Принц Уильям")
    assert "Принца Кембриджского" in dict(people(
        "24 июля 2013 года — на второй день жизни — стало известно имя Принца Кембриджского — "
        "новорождённого сына герцога и герцогини Кембриджских Уильяма и Кейт."))


def test_entity_ids_ignore_case_and_yo():
    assert name_key("Пётр  Иванов") == name_key("петр иванов")
    assert entity_id_for("PER", "Пётр Иванов") == entity_id_for("PER", "ПЕТР ИВАНОВ")
    assert entity_id_for("PER", "Москва") != entity_id_for("LOC", "Москва")


def test_seed_article_mentions_resolve_to_full_names():
    models = load_models()
    text = SEED_ARTICLE.read_text(encoding="utf-8")
    mentions, entities = resolve_mentions(spans_to_mentions(annotate(text, models), "seed", models), models, text)
    names = {(e["type"], e["name"]) for e in entities}
    assert {("PER", "Владимир Путин"), ("PER", "Ильхам Алиев"), ("LOC", "Душанбе"),
            ("ORG", "Сабаильский районный суд")} <= names
    putin = entity_id_for("PER", "Владимир Путин")
    putin_mentions = [m for m in mentions if m["text"].startswith("Путин")]
    assert len(putin_mentions) >= 5
    assert all(m["entity_id"] == putin for m in putin_mentions)
    for m in mentions:
        assert text[m["start"]:m["stop"]] == m["text"]
    full = next(m for m in mentions if m["text"] == "Владимира Путина")
    assert (full["first_name"], full["last_name"]) == ("Владимир", "Путин")


def test_lexicon_corrects_the_taggers_type_for_names_nerel_agrees_on():
    models = load_models()
    text = "Лидеры ЕС собрались в Брюсселе."
    mentions = spans_to_mentions(annotate(text, models), "a", models)
    assert ("ЕС", "ORG") in {(m["text"], m["type"]) for m in mentions}


def test_legal_form_and_abbreviation_spans_are_split_into_names():
    models = load_models()
    text = "Акции ОАО «Газпром» выросли, сообщил Комитет защиты журналистов (КЗЖ)."
    mentions = spans_to_mentions(annotate(text, models), "a", models)
    found = {(m["text"], m["type"]) for m in mentions}
    assert ("Газпром", "ORG") in found
    assert {("Комитет защиты журналистов", "ORG"), ("КЗЖ", "ORG")} <= found
    for m in mentions:
        assert text[m["start"]:m["stop"]] == m["text"]


def test_a_name_the_tagger_ran_across_a_line_break_is_kept_on_each_line_it_names():
    # NEREL train: a headline, the photo caption and the first line of the article
    models = load_models(events=False)
    text = ("Умер экс-президент Израиля Шимон Перес\n\nШимон Перес\nБывший президент Израиля Шимон Перес "
            "скончался в возрасте 93 лет.")
    doc = annotate(text, models)
    assert any("\n" in text[s.start:s.stop] for s in doc.spans)     # the tagger's span, as it comes
    mentions = spans_to_mentions(doc, "peres", models)
    people = [(m["start"], m["text"], m["sentence_index"]) for m in mentions if m["type"] == "PER"]
    assert [p[1] for p in people] == ["Шимон Перес"] * 3, people
    assert all(m["normal"] == "Шимон Перес" for m in mentions if m["type"] == "PER")
    # each in the sentence it starts in, in text order
    assert [p[0] for p in people] == sorted(p[0] for p in people)
    assert people[0][2] == 0


def test_a_word_of_the_next_line_is_no_part_of_the_name():
    models = load_models(events=False)
    text = "Глава МАГАТЭ Юкия Амано\nУшёл из жизни генеральный директор агентства."
    doc = annotate(text, models)
    names = [m["text"] for m in spans_to_mentions(doc, "amano", models) if m["type"] == "PER"]
    assert all("\n" not in n and "Ушёл" not in n for n in names), names


def test_a_state_body_of_another_country_is_an_entity_of_its_own():
    # Lenta: "МВД Украины ...", "Официальный представитель МИД РФ ..."; Lenta 1000 had one "МВД"
    # entity for the ministries of Russia, Ukraine, Chechnya and Georgia
    models = load_models(events=False)
    text = ("МВД Украины сообщило о задержании двух человек. В МВД уточнили, что задержанные дали показания. "
            "Официальный представитель МИД РФ Мария Захарова прокомментировала задержание.")
    mentions, _ = resolve_mentions(spans_to_mentions(annotate(text, models), "kiev", models), models, text)
    bodies = [(m["text"], m["entity_id"]) for m in mentions if m["type"] == "ORG"]
    assert bodies == [("МВД", entity_id_for("ORG", "МВД (Украина)")), ("МВД", entity_id_for("ORG", "МВД (Украина)")),
                      ("МИД", entity_id_for("ORG", "МИД"))], bodies     # a body of Russia keeps its name
    # two countries' ministries: a bare one of the article is neither
    text = "Главы МВД Грузии и МВД Армении подписали соглашение. МВД проведет проверку."
    mentions, _ = resolve_mentions(spans_to_mentions(annotate(text, models), "caucasus", models), models, text)
    ids = [m["entity_id"] for m in mentions if m["type"] == "ORG"]
    assert ids == [entity_id_for("ORG", "МВД (Грузия)"), entity_id_for("ORG", "МВД (Армения)"),
                   entity_id_for("ORG", "МВД")], ids


def test_a_state_body_a_country_adjective_names_is_that_countrys():
    # Lenta 1000 had one "ВВС" entity for the air forces of Russia, Ukraine, Italy and Colombia
    models = load_models(events=False)
    text = ("Предварительные переговоры с командованием колумбийских ВВС уже состоялись. В составе ВВС "
            "новые самолеты смогут заменить устаревшие.")
    mentions, _ = resolve_mentions(spans_to_mentions(annotate(text, models), "colombia", models), models, text)
    ids = [m["entity_id"] for m in mentions if m["type"] == "ORG"]
    assert ids == [entity_id_for("ORG", "ВВС (Колумбия)")] * 2, ids      # the bare one too
    text = "Российские ВВС получили свой самолет раньше."
    mentions, _ = resolve_mentions(spans_to_mentions(annotate(text, models), "russia", models), models, text)
    assert [m["entity_id"] for m in mentions if m["type"] == "ORG"] == [entity_id_for("ORG", "ВВС")]
    text = "Глава грузинского МИДа подчеркнул, что переговоры продолжатся."
    mentions, _ = resolve_mentions(spans_to_mentions(annotate(text, models), "tbilisi", models), models, text)
    assert [m["entity_id"] for m in mentions if m["type"] == "ORG"] == [entity_id_for("ORG", "МИД (Грузия)")]


def test_two_people_a_photo_caption_lists_side_by_side_are_two_mentions(models):
    # NEREL train: the caption under the headline names both men, and the tagger reads one person
    # "Эво Моралес Эдвард Сноуден" that every "Моралес" and "Сноудену" of the article then joined
    text = (DATA / "nerel_39557_morales_snowden.txt").read_text(encoding="utf-8")
    mentions, entities = resolve_mentions(spans_to_mentions(annotate(text, models), "a", models), models, text)
    caption = text.index("Эво Моралес Эдвард Сноуден")
    assert [(m["text"], m["normal"]) for m in mentions if caption <= m["start"] < caption + 26] == [
        ("Эво Моралес", "Эво Моралес"), ("Эдвард Сноуден", "Эдвард Сноуден")]
    people = {e["name"] for e in entities if e["type"] == "PER"}
    assert {"Эво Моралес", "Эдвард Сноуден"} <= people
    assert not any(len(name.split()) > 2 for name in people)
    by_id = {e["entity_id"]: e["name"] for e in entities}
    assert {by_id[m["entity_id"]] for m in mentions if m["text"] == "Моралес"} == {"Эво Моралес"}
    assert {by_id[m["entity_id"]] for m in mentions if m["text"].startswith("Сноуден")} == {"Эдвард Сноуден"}
