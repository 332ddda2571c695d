"""Cross-document resolution at load, on a warehouse first written by the code before migration
005 (its migrations and its load, without resolution), then upgraded in place by the next run."""
import duckdb
import polars as pl

from tasks.nlp.entities import entity_id_for
from tasks.quality.validate import to_frame
from tasks.warehouse.load import load_run
from tasks.warehouse.runs import begin_run
from tasks.warehouse.staging import Staging
from tests.warehouse_checks import code_before

# Articles and the person mentions the extractor finds in them (type PER, canonical names).
OLD_ARTICLES = {
    "a1": ("Путин прибыл в Минск.", [(0, 5, "Путин")]),
    "a2": ("Медведева выступила на форуме.", [(0, 9, "Медведева")]),
    "a3": ("Алиев провел переговоры.", [(0, 5, "Алиев")]),
}
NEW_ARTICLES = {
    "b1": ("Владимир Путин и Дмитрий Медведев обсудили бюджет.", [(0, 14, "Владимир Путин"),
                                                               (17, 33, "Дмитрий Медведев")]),
    "b2": ("Светлана Медведева открыла выставку.", [(0, 18, "Светлана Медведева")]),
    "b3": ("Ильхам Алиев почтил память Гейдара Алиева.", [(0, 12, "Ильхам Алиев"), (27, 41, "Гейдар Алиев")]),
    "b4": ("В. Путин подписал указ.", [(0, 8, "В. Путин")]),
    "b5": ("Тереза Мэй посетила Берлин, где Тереза Мэй выступила.", [(0, 10, "Тереза Мэй"), (32, 42, "Тереза Мэй")]),
    "b6": ("Тереза Мей ответила журналистам.", [(0, 10, "Тереза Мей")]),
    "b7": ("Александр Лебедь и Александр Лебедев не встречались.", [(0, 16, "Александр Лебедь"),
                                                                (19, 36, "Александр Лебедев")]),
}


def _stage(tmp_path, run_id, articles):
    staging = Staging(tmp_path / f"stage-{run_id}")
    mentions, entities = [], {}
    for article_id, (text, found) in articles.items():
        for start, stop, name, *typed in found:   # PER unless a type follows the name
            entity_type = typed[0] if typed else "PER"
            entity_id = entity_id_for(entity_type, name)
            mentions.append({"mention_id": f"{article_id}-{start}", "article_id": article_id, "start": start,
                             "stop": stop, "type": entity_type, "text": text[start:stop], "normal": name,
                             "last_name": name.split()[-1] if entity_type == "PER" else None,
                             "entity_id": entity_id, "sentence_index": 0})
            entities[entity_id] = {"entity_id": entity_id, "type": entity_type, "name": name}
    staging.write("articles_history", to_frame("articles", [
        {"article_id": a, "source_path": f"/in/{a}.txt", "text": t, "content_hash": a.ljust(64, "0")}
        for a, (t, _) in articles.items()]), "b")
    staging.write("mentions_history", to_frame("mentions", mentions), "b")
    staging.write("entities_history", to_frame("entities", list(entities.values())), "b")
    staging.write("extractions", pl.DataFrame({"article_id": list(articles),
                                               "content_hash": [a.ljust(64, "0") for a in articles],
                                               "extractor_version": ["t"] * len(articles)}), "b")
    return staging.tables()


def _run(db, tmp_path, articles):
    run_id = begin_run(db, flow_run_id=None, flow_name="test", code_version="t", extractor_version="t",
                       model_versions={}, parameters={})
    load_run(db, run_id, _stage(tmp_path, run_id, articles), {}, [])
    return run_id


def _redirect(con, name, entity_type="PER"):
    """(target_id, reason, run_id) of the redirect of the entity with this name, or None."""
    return con.execute("SELECT target_id, reason, run_id FROM entity_redirects WHERE entity_id = ?",
                       [entity_id_for(entity_type, name)]).fetchone()


def _names(con, sql, *params):
    return sorted(row[0] for row in con.execute(sql, list(params)).fetchall())


def test_old_warehouse_upgrades_and_partial_names_join_across_articles(tmp_path, monkeypatch):
    db = tmp_path / "w.duckdb"
    with monkeypatch.context() as old_code:   # no migration 005, no resolution
        code_before(old_code, 5)
        old_run = _run(db, tmp_path, OLD_ARTICLES)
    con = duckdb.connect(str(db), read_only=True)
    before = con.execute("SELECT * FROM entities ORDER BY entity_id").fetchall()
    assert "entity_redirects" not in _names(con, "SELECT table_name FROM information_schema.tables")
    con.close()

    new_run = _run(db, tmp_path, NEW_ARTICLES)   # begin_run applies 005 in place
    con = duckdb.connect(str(db), read_only=True)
    putin, putin_alone = entity_id_for("PER", "Владимир Путин"), entity_id_for("PER", "Путин")
    # the surname alone joins the one full name; the old id still resolves
    assert con.execute("SELECT target_id, reason, run_id FROM entity_redirects WHERE entity_id = ?",
                       [putin_alone]).fetchone() == (putin, "surname", new_run)
    assert con.execute("SELECT entity_id FROM mentions WHERE article_id = 'a1'").fetchone()[0] == putin
    assert con.execute("SELECT mention_count, article_count FROM entities WHERE entity_id = ?",
                       [putin]).fetchone() == (3, 3)                   # Путин, Владимир Путин, В. Путин
    # a woman's surname joins her, not the man who shares it
    assert con.execute("SELECT target_id FROM entity_redirects WHERE entity_id = ?",
                       [entity_id_for("PER", "Медведева")]).fetchone()[0] == entity_id_for("PER", "Светлана Медведева")
    assert entity_id_for("PER", "Дмитрий Медведев") in _names(con, "SELECT entity_id FROM entities")
    # two full names fit "Алиев": it stays apart, with both candidates recorded
    aliev = entity_id_for("PER", "Алиев")
    assert aliev in _names(con, "SELECT entity_id FROM entities")
    assert _names(con, "SELECT candidate_id FROM entity_candidates WHERE entity_id = ?", aliev) == sorted(
        [entity_id_for("PER", "Ильхам Алиев"), entity_id_for("PER", "Гейдар Алиев")])
    # a transliteration variant joins the spelling used more, and a surname alone follows it
    assert con.execute("SELECT target_id, reason FROM entity_redirects WHERE entity_id = ?",
                       [entity_id_for("PER", "Тереза Мей")]).fetchone() == (entity_id_for("PER", "Тереза Мэй"), "spelling")
    # a surname continuing another is another person
    assert not con.execute("SELECT count(*) FROM entity_redirects WHERE entity_id IN (?, ?)",
                           [entity_id_for("PER", "Александр Лебедь"), entity_id_for("PER", "Александр Лебедев")]).fetchone()[0]
    # as of the old run the warehouse answers as it did
    assert con.execute("SELECT * FROM entities_as_of(?) ORDER BY entity_id", [old_run]).fetchall() == before
    assert con.execute("SELECT entity_id FROM mentions_as_of(?) WHERE article_id = 'a1'",
                       [old_run]).fetchone()[0] == putin_alone
    # every form the entity is known by, and why
    aliases = dict(con.execute("SELECT alias, kind FROM entity_aliases WHERE entity_id = ?", [putin]).fetchall())
    assert aliases == {"Путин": "surname", "В. Путин": "initials"}
    con.close()


def test_a_full_name_with_and_without_its_patronymic_and_an_unspaced_initial_are_one_person(tmp_path):
    db = tmp_path / "w.duckdb"
    run = _run(db, tmp_path, {
        "c1": ("Нурсултан Назарбаев прибыл в Астану, Нурсултан Назарбаев выступил.",
               [(0, 19, "Нурсултан Назарбаев"), (37, 56, "Нурсултан Назарбаев")]),
        "c2": ("Указ подписал Нурсултан Абишевич Назарбаев.", [(14, 42, "Нурсултан Абишевич Назарбаев")]),
        "c3": ("Назарбаев ответил.", [(0, 9, "Назарбаев")]),
        "c6": ("Н.Назарбаев уехал.", [(0, 11, "Н.Назарбаев")]),   # an initial with no space after it
        # two patronymics with one given name and surname: two people, the short form fits either
        "c4": ("Александр Иванович Петров и Александр Сергеевич Петров не родственники.",
               [(0, 25, "Александр Иванович Петров"), (28, 54, "Александр Сергеевич Петров")]),
        "c5": ("Александр Петров ответил.", [(0, 16, "Александр Петров")]),
    })
    con = duckdb.connect(str(db), read_only=True)
    nazarbayev = entity_id_for("PER", "Нурсултан Назарбаев")
    # the less mentioned form joins the other, and the surname alone follows
    assert _redirect(con, "Нурсултан Абишевич Назарбаев") == (nazarbayev, "patronymic", run)
    assert _redirect(con, "Назарбаев")[0] == nazarbayev
    assert _redirect(con, "Н.Назарбаев") == (nazarbayev, "initials", run)
    assert con.execute("SELECT mention_count FROM entities WHERE entity_id = ?", [nazarbayev]).fetchone()[0] == 5
    petrovs = [entity_id_for("PER", n) for n in ("Александр Иванович Петров", "Александр Сергеевич Петров",
                                                  "Александр Петров")]
    assert not con.execute("SELECT count(*) FROM entity_redirects WHERE entity_id IN (?, ?, ?)", petrovs).fetchone()[0]
    con.close()


def test_a_full_name_left_in_another_case_joins_its_form_and_a_man_and_a_woman_stay_apart(tmp_path):
    db = tmp_path / "w.duckdb"
    first = _run(db, tmp_path, {
        "d1": ("Найджел Фараж выступил, Найджел Фараж ушёл.", [(0, 13, "Найджел Фараж"), (24, 37, "Найджел Фараж")]),
        "d2": ("Евгений Медведев открыл турнир.", [(0, 16, "Евгений Медведев")]),
    })
    second = _run(db, tmp_path, {
        # the canonical name kept the genitive of a foreign given name
        "d3": ("Речь Найджела Фараж прервали.", [(5, 19, "Найджела Фараж")]),
        # a woman with the feminine form of his surname, not his genitive
        "d4": ("Евгения Медведева выиграла.", [(0, 17, "Евгения Медведева")]),
        "d5": ("Милоша Земан и Милош Земан", [(0, 12, "Милоша Земан"), (15, 26, "Милош Земан")]),
    })
    # a one-word organisation in two cases: the nominative is kept, though the other is mentioned more
    _run(db, tmp_path, {"d6": ("Госдуме передали, Госдуме ответили.", [(0, 7, "Госдуме", "ORG"),
                                                                    (18, 25, "Госдуме", "ORG")])})
    last = _run(db, tmp_path, {
        "d7": ("Госдума приняла закон.", [(0, 7, "Госдума", "ORG")]),
        # the form read as a nominative is kept, though the other is mentioned more
        "d8": ("Ангеле Меркель вручили премию, Ангеле Меркель аплодировали.",
               [(0, 14, "Ангеле Меркель"), (31, 45, "Ангеле Меркель")]),
        "d9": ("Ангела Меркель ответила.", [(0, 14, "Ангела Меркель")]),
    })
    con = duckdb.connect(str(db), read_only=True)
    farage = entity_id_for("PER", "Найджел Фараж")
    assert _redirect(con, "Найджела Фараж") == (farage, "inflection", second)
    assert con.execute("SELECT mention_count FROM entities WHERE entity_id = ?", [farage]).fetchone()[0] == 3
    # two forms first seen together: one joins the other
    zeman = [entity_id_for("PER", n) for n in ("Милоша Земан", "Милош Земан")]
    assert con.execute("SELECT count(*) FROM entity_redirects WHERE entity_id IN (?, ?) AND target_id IN (?, ?)",
                       zeman + zeman).fetchone()[0] == 1
    medvedevs = [entity_id_for("PER", n) for n in ("Евгений Медведев", "Евгения Медведева")]
    assert not con.execute("SELECT count(*) FROM entity_redirects WHERE entity_id IN (?, ?)", medvedevs).fetchone()[0]
    assert first < second
    duma = entity_id_for("ORG", "Госдума")
    assert _redirect(con, "Госдуме", "ORG") == (duma, "inflection", last)
    assert _redirect(con, "Ангеле Меркель")[0] == entity_id_for("PER", "Ангела Меркель")
    con.close()


def test_a_surname_whose_candidates_one_run_joins_follows_them_with_no_redirect_to_itself(tmp_path):
    db = tmp_path / "w.duckdb"
    run = _run(db, tmp_path, {
        # NEREL's Czech articles: one person in two cases, and his surname alone elsewhere
        "z1": ("Президент Чехии Милош Земан наложил вето.", [(16, 27, "Милош Земан")]),
        "z2": ("Встреча с Милошем Земаном: Милоша Земан поддержали.", [(27, 39, "Милоша Земан")]),
        "z3": ("Земан подписал закон.", [(0, 5, "Земан")]),
        # the nominative, less mentioned than its case forms, finds them as two spellings of it
        # (ambiguous), then inflected_names joins them to it
        "k1": ("Эмир Кустурица снял фильм.", [(0, 14, "Эмир Кустурица")]),
        "k2": ("Фильм Эмир Кустурицы, интервью Эмир Кустурицы.",
               [(6, 20, "Эмир Кустурицы"), (31, 45, "Эмир Кустурицы")]),
        "k3": ("Эмир Кустурицу поздравили, Эмир Кустурицу наградили.",
               [(0, 14, "Эмир Кустурицу"), (27, 41, "Эмир Кустурицу")]),
    })
    con = duckdb.connect(str(db), read_only=True)
    forms = {entity_id_for("PER", n) for n in ("Милош Земан", "Милоша Земан")}
    joined = [_redirect(con, n) for n in ("Милош Земан", "Милоша Земан")]
    assert sorted(r is None for r in joined) == [False, True]   # one form joins the other
    zeman = next(r[0] for r in joined if r is not None)
    assert zeman in forms
    assert _redirect(con, "Земан") == (zeman, "surname", run)
    assert con.execute("SELECT mention_count FROM entities WHERE entity_id = ?", [zeman]).fetchone()[0] == 3
    kusturica = entity_id_for("PER", "Эмир Кустурица")
    assert con.execute("SELECT count(*) FROM entity_candidates WHERE entity_id = ?", [kusturica]).fetchone()[0] == 2
    assert _redirect(con, "Эмир Кустурица") is None
    assert {_redirect(con, n)[0] for n in ("Эмир Кустурицы", "Эмир Кустурицу")} == {kusturica}
    assert not con.execute("SELECT count(*) FROM entity_redirects WHERE entity_id = target_id").fetchone()[0]
    assert not con.execute("SELECT count(*) FROM entity_redirects a JOIN entity_redirects b "
                           "ON a.target_id = b.entity_id").fetchone()[0]
    con.close()


def test_a_mans_surname_and_its_a_form_after_the_same_mans_name_are_one_man(tmp_path):
    db = tmp_path / "w.duckdb"
    run = _run(db, tmp_path, {
        # Wikinews (NEREL train): the extraction left the genitive of a foreign surname
        "w1": ("Джулиан Ассанж попросил убежища.", [(0, 15, "Джулиан Ассанж")]),
        "w2": ("Адвокаты Джулиана Ассанжа обжаловали решение.", [(9, 25, "Джулиан Ассанжа")]),
        # the same surnames after a woman's name, or after two different names, stay apart
        "w3": ("Мария Шарапова и Мария Шарапов", [(0, 14, "Мария Шарапова"), (17, 30, "Мария Шарапов")]),
    })
    con = duckdb.connect(str(db), read_only=True)
    assert _redirect(con, "Джулиан Ассанжа") == (entity_id_for("PER", "Джулиан Ассанж"), "inflection", run)
    assert _redirect(con, "Мария Шарапова") is None and _redirect(con, "Мария Шарапов") is None
    con.close()


def test_two_surnames_read_back_from_one_oblique_form_are_one_person(tmp_path):
    db = tmp_path / "w.duckdb"
    first = _run(db, tmp_path, {"y1": ("Депутат Ирина Яровая внесла законопроект.", [(8, 20, "Ирина Яровая")])})
    # Wikinews (NEREL train): an article that only writes "Ирины Яровой" gives her "Ирина Ярова"
    second = _run(db, tmp_path, {
        "y2": ("Законопроект Ирины Яровой принят.", [(13, 25, "Ирина Ярова")]),
        # surnames with no form in common stay apart, as do a man's and a woman's
        "y3": ("Ирина Петровская и Евгения Медведева", [(0, 16, "Ирина Петровская"), (19, 36, "Евгения Медведева")]),
        "y4": ("Ирина Петрова и Евгений Медведев", [(0, 13, "Ирина Петрова"), (16, 32, "Евгений Медведев")]),
    })
    con = duckdb.connect(str(db), read_only=True)
    assert first < second
    assert _redirect(con, "Ирина Ярова") == (entity_id_for("PER", "Ирина Яровая"), "inflection", second)
    for name in ("Ирина Петровская", "Ирина Петрова", "Евгения Медведева", "Евгений Медведев"):
        assert _redirect(con, name) is None
    con.close()


def test_a_given_name_spelt_two_ways_is_one_person_and_names_alike_stay_apart(tmp_path):
    # NEREL train's spellings: "Гари" / "Гарри Каспаров", "Франcиско" (a Latin c) / "Франсиско Флорес"
    db = tmp_path / "w.duckdb"
    run = _run(db, tmp_path, {
        "d1": ("Гарри Каспаров сыграл, Гарри Каспаров выиграл.", [(0, 14, "Гарри Каспаров"), (23, 37, "Гарри Каспаров")]),
        "d2": ("Гари Каспаров ответил.", [(0, 13, "Гари Каспаров")]),
        "d3": ("Франсиско Флорес и Франсиско Флорес.", [(0, 16, "Франсиско Флорес"), (19, 35, "Франсиско Флорес")]),
        "d4": ("Франcиско Флорес уехал.", [(0, 16, "Франcиско Флорес")]),
        # father and son, two sisters: names alike are not spellings of one
        "d5": ("Синдзо Абэ и Синтаро Абэ.", [(0, 10, "Синдзо Абэ"), (13, 24, "Синтаро Абэ")]),
        "d6": ("Мария Шарапова и Марина Шарапова.", [(0, 14, "Мария Шарапова"), (17, 32, "Марина Шарапова")]),
    })
    con = duckdb.connect(str(db), read_only=True)
    assert _redirect(con, "Гари Каспаров") == (entity_id_for("PER", "Гарри Каспаров"), "spelling", run)
    assert _redirect(con, "Франcиско Флорес") == (entity_id_for("PER", "Франсиско Флорес"), "spelling", run)
    for name in ("Синдзо Абэ", "Синтаро Абэ", "Мария Шарапова", "Марина Шарапова"):
        assert _redirect(con, name) is None, name
    con.close()


def test_a_full_name_with_and_without_middle_names_is_one_person_unless_two_fit(tmp_path):
    # NEREL train: "Нельсон Ролилахла Мандела" / "Нельсон Мандела"; the Bushes, father and son
    db = tmp_path / "w.duckdb"
    run = _run(db, tmp_path, {
        "e1": ("Нельсон Мандела умер, Нельсон Мандела похоронен.", [(0, 15, "Нельсон Мандела"),
                                                                 (22, 37, "Нельсон Мандела")]),
        "e2": ("Нельсон Ролилахла Мандела родился в 1918 году.", [(0, 25, "Нельсон Ролилахла Мандела")]),
        "e3": ("Джордж Уокер Буш и Джордж Герберт Уокер Буш.", [(0, 16, "Джордж Уокер Буш"),
                                                               (19, 43, "Джордж Герберт Уокер Буш")]),
        "e4": ("Джордж Буш выступил.", [(0, 10, "Джордж Буш")]),
    })
    con = duckdb.connect(str(db), read_only=True)
    assert _redirect(con, "Нельсон Ролилахла Мандела") == (entity_id_for("PER", "Нельсон Мандела"), "patronymic", run)
    for name in ("Джордж Буш", "Джордж Уокер Буш", "Джордж Герберт Уокер Буш"):
        assert _redirect(con, name) is None, name
    con.close()


def test_a_place_or_organisation_of_several_words_left_in_another_case_joins_its_nominative(tmp_path):
    db = tmp_path / "w.duckdb"
    # Lenta's forms: the canonical name left the head noun in the case it was written in
    _run(db, tmp_path, {
        "o1": ("Партия регионов выиграла выборы.", [(0, 15, "Партия регионов", "ORG")]),
        "o2": ("Депутаты Партии регионов ушли.", [(9, 24, "Партии регионов", "ORG")]),
        "o3": ("В Приморском крае и Приморском крае", [(2, 17, "Приморский края", "LOC"),
                                                  (20, 35, "Приморский края", "LOC")]),
        "o4": ("Приморский край затопило.", [(0, 15, "Приморский край", "LOC")]),
        "o5": ("Юристы Центра частного права.", [(7, 28, "Центр частного права", "ORG")]),
        # not a case form: a head's genitive dependents are part of the name as written
        "o6": ("Центр частное право ответил.", [(0, 19, "Центр частное право", "ORG")]),
    })
    con = duckdb.connect(str(db), read_only=True)
    assert _redirect(con, "Партии регионов", "ORG")[:2] == (entity_id_for("ORG", "Партия регионов"), "inflection")
    assert _redirect(con, "Приморский края", "LOC")[:2] == (entity_id_for("LOC", "Приморский край"), "inflection")
    assert _redirect(con, "Центр частное право", "ORG") is None
    assert _redirect(con, "Центр частного права", "ORG") is None
    con.close()


def test_a_name_written_with_other_dashes_is_one_entity_kept_as_most_written(tmp_path):
    db = tmp_path / "w.duckdb"
    # NEREL train's and Lenta's spellings: a spaced dash, a hyphen, a space, an en dash
    first = _run(db, tmp_path, {
        "g1": ("Форум стран - экспортеров газа собрался. Форум стран - экспортеров газа решил.",
               [(0, 30, "Форум стран - экспортеров газа", "ORG"), (41, 71, "Форум стран - экспортеров газа", "ORG")]),
        "g2": ("Буэнос-Айрес встретил гостей, Буэнос-Айрес ликовал.",
               [(0, 12, "Буэнос-Айрес", "LOC"), (30, 42, "Буэнос-Айрес", "LOC")]),
    })
    second = _run(db, tmp_path, {
        "g3": ("Форум стран-экспортеров газа в Дохе.", [(0, 28, "Форум стран-экспортеров газа", "ORG")]),
        "g4": ("Визит в Буэнос Айрес отменили.", [(8, 20, "Буэнос Айрес", "LOC")]),
        "g5": ("Альянс Renault–Nissan вырос.", [(7, 21, "Renault–Nissan", "ORG")]),
        "g6": ("Renault-Nissan и Renault-Nissan", [(0, 14, "Renault-Nissan", "ORG"), (17, 31, "Renault-Nissan", "ORG")]),
        # another name, not another spelling
        "g7": ("Форум стран экспортеров нефти открылся.", [(0, 29, "Форум стран экспортеров нефти", "ORG")]),
    })
    con = duckdb.connect(str(db), read_only=True)
    forum = entity_id_for("ORG", "Форум стран - экспортеров газа")
    assert _redirect(con, "Форум стран-экспортеров газа", "ORG") == (forum, "spelling", second)
    # pymorphy2 reads the spaced form as two nominatives; the form written more often is kept
    assert _redirect(con, "Буэнос Айрес", "LOC") == (entity_id_for("LOC", "Буэнос-Айрес"), "spelling", second)
    assert _redirect(con, "Renault–Nissan", "ORG") == (entity_id_for("ORG", "Renault-Nissan"), "spelling", second)
    assert _redirect(con, "Форум стран экспортеров нефти", "ORG") is None
    assert _redirect(con, "Форум стран - экспортеров газа", "ORG") is None
    assert first < second
    assert con.execute("SELECT mention_count FROM entities WHERE entity_id = ?", [forum]).fetchone()[0] == 3
    con.close()


def test_an_abbreviation_joins_the_one_name_it_abbreviates_that_an_article_spells_out(tmp_path):
    db = tmp_path / "w.duckdb"
    # Lenta's forms. A later run's article with the abbreviation alone follows the redirect.
    first_run = _run(db, tmp_path, {
        "f1": ("Федеральное бюро расследований (ФБР) задержало хакера. ФБР не комментирует.",
               [(0, 30, "Федеральное бюро расследований", "ORG"), (32, 35, "ФБР", "ORG"),
                (55, 58, "ФБР", "ORG")]),
        # "НХЛ" is both; one article spelling out one of them is no evidence for the other's
        "h1": ("Путин сыграл в матче Ночной хоккейной лиги (НХЛ).",
               [(21, 42, "Ночная хоккейная лига", "ORG"), (44, 47, "НХЛ", "ORG")]),
        "h2": ("Овечкин стал лучшим снайпером Национальной хоккейной лиги.",
               [(30, 57, "Национальная хоккейная лига", "ORG")]),
        # letters that are not the initials of the name beside them
        "m1": ("Министерство иностранных дел и МЧС выразили соболезнования.",
               [(0, 28, "Министерство иностранных дел", "ORG"), (31, 34, "МЧС", "ORG")]),
    })
    _run(db, tmp_path, {"f2": ("ФБР арестовало хакера.", [(0, 3, "ФБР", "ORG")])})
    con = duckdb.connect(str(db), read_only=True)
    fbi = entity_id_for("ORG", "Федеральное бюро расследований")
    assert _redirect(con, "ФБР", "ORG") == (fbi, "abbreviation", first_run)
    assert _names(con, "SELECT entity_id FROM mentions WHERE article_id IN ('f1', 'f2') AND text = 'ФБР'") == [fbi] * 3
    assert _redirect(con, "НХЛ", "ORG") is None
    assert _redirect(con, "МЧС", "ORG") is None
    assert ("ФБР", "abbreviation", "resolution") in con.execute(
        "SELECT alias, kind, source FROM entity_aliases WHERE entity_id = ?", [fbi]).fetchall()
    con.close()
