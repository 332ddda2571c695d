"""Date expressions: explicit dates per sentence, guarded extractor, year and relative resolution."""
import datetime as dt

import pytest

from tasks.nlp.annotate import annotate
from tasks.nlp.dates import DateMention, article_dates, date_windows, find_explicit_dates, resolve_dates
from tasks.nlp.extract import extract_article
from tasks.settings import SEEDS_DIR
from tests.conftest import DATA

SEED = (SEEDS_DIR / "000_210788246a6fa90d.txt").read_text(encoding="utf-8")


def sentences_of(text, models):
    return [(i, s.start, s.text) for i, s in enumerate(annotate(text, models).sents)]


def dates_by_text(resolved):
    return {(r.mention.text, r.mention.sentence_index): (r.date, r.precision) for r in resolved}


def test_partial_dates_take_the_year_of_the_narrative_without_publication_date(models):
    resolved, failures = article_dates(sentences_of(SEED, models), models.dates_extractor, None)
    assert failures == []
    by_text = {r.mention.text: [] for r in resolved}
    for r in resolved:
        by_text[r.mention.text].append((r.date, r.precision))
    # The first "9 октября" precedes every year in the text: it stays unresolved.
    assert by_text["9 октября"][0] == (None, None)
    # "7 октября ... в 2025 году": the year-only expression of the same sentence.
    assert by_text["7 октября"] == [(dt.date(2025, 10, 7), "day")]
    assert by_text["2025 году"] == [(dt.date(2025, 1, 1), "year")]
    assert by_text["9 октября"][1] == (dt.date(2025, 10, 9), "day")
    assert by_text["декабре 2024 года"] == [(dt.date(2024, 12, 1), "month")]
    # A month-year flashback does not move the narrative into 2024.
    assert by_text["24 октября"] == [(dt.date(2025, 10, 24), "day")]
    assert by_text["28 октября"] == [(dt.date(2025, 10, 28), "day")]


def test_relative_expression_counts_from_the_previous_dated_event(models):
    resolved, _ = article_dates(sentences_of(SEED, models), models.dates_extractor, None)
    relative = [r for r in resolved if r.mention.relative]
    assert [(r.mention.text, r.date, r.precision) for r in relative] == [
        ("Спустя два дня", dt.date(2025, 10, 9), "day")]


def test_publication_date_gives_the_year_and_the_reference(models):
    text = (DATA / "lenta_0033_tripoli.txt").read_text(encoding="utf-8")
    published = dt.datetime(2008, 9, 30, 12, 0)          # a Tuesday
    resolved, _ = article_dates(sentences_of(text, models), models.dates_extractor, published)
    by_text = {r.mention.text: (r.date, r.precision) for r in resolved}
    assert by_text["в понедельник"] == (dt.date(2008, 9, 29), "day")
    assert by_text["8 сентября 2008 года"] == (dt.date(2008, 9, 8), "day")


def test_day_month_far_after_publication_belongs_to_the_previous_year():
    mention = DateMention(start=0, stop=11, sentence_index=0, text="28 декабря", month=12, day=28)
    [resolved] = resolve_dates([mention], dt.date(2025, 1, 5))
    assert (resolved.date, resolved.precision) == (dt.date(2024, 12, 28), "day")


def test_relative_without_any_reference_stays_unresolved():
    mention = DateMention(start=0, stop=5, sentence_index=0, text="вчера", relative="day:-1")
    [resolved] = resolve_dates([mention], None)
    assert (resolved.date, resolved.precision) == (None, None)


def test_week_relative_gives_month_only_when_the_week_is_inside_one_month():
    inside = DateMention(0, 18, 0, "на прошлой неделе", relative="week:-1")
    assert resolve_dates([inside], dt.date(2025, 10, 22))[0].date == dt.date(2025, 10, 1)
    across = DateMention(0, 18, 0, "на прошлой неделе", relative="week:-1")
    # 8 October 2025: the week before runs from 29 September to 5 October.
    assert resolve_dates([across], dt.date(2025, 10, 8))[0].date is None


def test_extractor_failure_is_a_sentence_warning_and_other_dates_survive(models):
    text = (DATA / "lenta_0344_exports.txt").read_text(encoding="utf-8")
    sentences = sentences_of(text, models)
    resolved, failures = article_dates(sentences, models.dates_extractor, None)
    assert len(failures) == 1
    index, error = failures[0]
    assert "по сравнению с маем 2008 года" in sentences[index][2]
    assert "KeyError" in error and "маять" in error
    assert any(r.mention.sentence_index != index for r in resolved)


def test_sentences_without_digits_or_month_names_skip_the_extractor(models):
    calls = []

    def spy(text):
        calls.append(text)
        return models.dates_extractor(text)

    sentences = sentences_of(SEED, models)
    mentions, _ = find_explicit_dates(sentences, spy)
    assert 0 < len(calls) < len(sentences)
    assert {m.text for m in mentions} >= {"9 октября", "7 октября", "2025 году", "28 октября"}


def test_the_extractor_reads_date_windows_and_finds_what_it_finds_in_whole_sentences(models):
    # Real sentences of NEREL and Lenta: year ranges ("1912-1914гг."), several dates, a date far
    # into a long sentence, and the one the extractor fails on.
    lines = (DATA / "date_windows.txt").read_text(encoding="utf-8").splitlines()
    sentences = [(index, 1000 * index, line) for index, line in enumerate(lines)]
    read = []

    def spy(text):
        read.append(text)
        return models.dates_extractor(text)

    windowed = find_explicit_dates(sentences, spy)
    whole = find_explicit_dates(sentences, models.dates_extractor, windowed=False)
    assert windowed == whole
    assert len(windowed[0]) >= 8 and len(windowed[1]) == 1     # the "маем 2008" sentence fails in both
    assert {m.text for m in windowed[0]} >= {"30 апреля 1949", "1999-2001гг", "24 апреля"}
    assert sum(map(len, read)) < 0.8 * sum(len(line) for line in lines)
    long_one = lines[-1]      # one date in a long sentence: a window of a few words
    assert sum(stop - start for start, stop in date_windows(long_one)) < len(long_one) / 2


def test_a_range_is_one_date_of_its_first_day(models):
    # Lenta sentences: DatesExtractor reads only the end of "с 17 по 23 октября 2006 года" and the
    # start of "с 1 января по 12 марта 2007 года" without its year
    text = ("Фитцпатрик посетит столицу в период с 17 по 23 октября 2006 года. "
            "Срок аренды Ларссона – с 1 января по 12 марта 2007 года. "
            "Отпуск продлится с 28 декабря по 3 января 2015 года. "
            "Весенний военный призыв проводился в период с 1 апреля по 15 июля.")
    resolved, _ = article_dates(sentences_of(text, models), models.dates_extractor, dt.date(2014, 9, 1))
    assert [(r.mention.text, r.date, r.precision) for r in resolved] == [
        ("с 17 по 23 октября 2006 года", dt.date(2006, 10, 17), "day"),
        ("с 1 января по 12 марта 2007 года", dt.date(2007, 1, 1), "day"),
        ("с 28 декабря по 3 января 2015 года", dt.date(2014, 12, 28), "day"),
        ("с 1 апреля по 15 июля", dt.date(2014, 4, 1), "day"),      # no year: the publication's
    ]


def test_an_event_over_a_range_is_dated_by_its_first_day(models):
    text = "Летние олимпийские игры 2004 года пройдут в Греции с 13 по 29 августа."
    result = extract_article({"article_id": "games", "text": text, "published_at": None, "title": None}, models)
    games = [e for e in result.events if e["trigger_lemma"] == "игра"]
    assert [(e["event_date"], e["date_precision"]) for e in games] == [(dt.date(2004, 8, 13), "day")]


def test_a_year_bounding_a_span_lends_no_year_to_other_dates(models):
    # "на период до 2010 года", "с 1993 года проживал" bound spans of time; the text is not in them
    programme = (DATA / "lenta_0635_defence_programme.txt").read_text(encoding="utf-8")
    resolved, _ = article_dates(sentences_of(programme, models), models.dates_extractor, None)
    by_text = {r.mention.text: (r.date, r.precision) for r in resolved}
    assert by_text["7 мая"] == (dt.date(2001, 5, 7), "day")      # the quarter's year, told before
    assert by_text["2010 года"] == (dt.date(2010, 1, 1), "year")   # the bound itself still resolves

    arrest = (DATA / "lenta_0547_chichiashvili_arrest.txt").read_text(encoding="utf-8")
    resolved, _ = article_dates(sentences_of(arrest, models), models.dates_extractor, None)
    by_text = {r.mention.text: (r.date, r.precision) for r in resolved}
    assert by_text["24 июня"] == by_text["22 июня"] == (None, None)
    resolved, _ = article_dates(sentences_of(arrest, models), models.dates_extractor, dt.date(2002, 6, 26))
    by_text = {r.mention.text: (r.date, r.precision) for r in resolved}
    assert by_text["24 июня"] == (dt.date(2002, 6, 24), "day")


def test_a_range_of_years_lends_no_year_and_a_stated_weekday_refuses_a_wrong_one(models):
    # Lenta: "бюджета на 2017-2019 годы" is no year the text is in, and the meeting "на вторник,
    # 6 декабря" was in 2016 (a Tuesday), not in 2019 (a Friday)
    text = (DATA / "lenta_0717_small_parties.txt").read_text(encoding="utf-8")
    resolved, _ = article_dates(sentences_of(text, models), models.dates_extractor, None)
    by_text = {r.mention.text: (r.date, r.precision) for r in resolved}
    assert by_text["6 декабря"] == (None, None)
    assert by_text["18 сентября"] == (None, None)
    resolved, _ = article_dates(sentences_of(text, models), models.dates_extractor, dt.date(2016, 12, 5))
    by_text = {r.mention.text: (r.date, r.precision) for r in resolved}
    assert by_text["6 декабря"] == (dt.date(2016, 12, 6), "day")
    # a year the text is in that puts the day on its weekday keeps it
    sentences = [(0, 0, "В 2016 году партии договорились."), (1, 33, "Встреча намечена на вторник, 6 декабря.")]
    resolved, _ = article_dates(sentences, models.dates_extractor, None)
    assert {r.mention.text: r.date for r in resolved}["6 декабря"] == dt.date(2016, 12, 6)
    sentences = [(0, 0, "В 2016 году партии договорились."), (1, 33, "Встреча намечена на среду, 6 декабря.")]
    resolved, _ = article_dates(sentences, models.dates_extractor, None)
    assert {r.mention.text: r.date for r in resolved}["6 декабря"] is None


def test_the_year_a_span_ends_in_is_not_when_the_event_happened(models):
    # Lenta: "Путин подписал документ, в котором формулируются основные приоритеты ... до 2020 года"
    text = (DATA / "lenta_0484_security_priorities.txt").read_text(encoding="utf-8")
    result = extract_article({"article_id": "priorities", "text": text, "published_at": None, "title": None}, models)
    signed = [e for e in result.events if e["trigger_lemma"] == "подписать" and e["sentence_index"] == 0]
    assert len(signed) == 1 and signed[0]["event_date"] is None
    resolved, _ = article_dates(sentences_of(text, models), models.dates_extractor, None)
    until = [r for r in resolved if r.mention.text.startswith("2020")]
    assert until and until[0].date == dt.date(2020, 1, 1) and until[0].mention.until   # the year itself resolves


@pytest.mark.parametrize("text, trigger, dated", [
    # Lenta: a range of years is one span, dated by its first year...
    ("В 1941-1944 годах были убиты 1000 евреев из Эстонии.", "убиты", (dt.date(1941, 1, 1), "year")),
    ("Останки неандертальцев были обнаружены еще в 1967-1980 годах.", "обнаружены", (dt.date(1967, 1, 1), "year")),
    # ...but a span planned for, or one after a year, says nothing of when the event is
    ("Компания ВСК выиграла открытый конкурс на страхование имущественных интересов Сбербанка на 2012-2013 год.",
     "конкурс", (None, None)),
    ("Указанные самолеты будут куплены военным ведомством после 2017 года.", "куплены", (None, None)),
])
def test_a_span_of_years_dates_an_event_by_its_start_only(models, text, trigger, dated):
    result = extract_article({"article_id": "span", "text": text, "published_at": None, "title": None}, models)
    assert [(e["event_date"], e["date_precision"]) for e in result.events if e["trigger_text"] == trigger] == [dated]


def test_a_year_that_names_a_thing_dates_no_later_day(models):
    # Lenta: "... деятельность после перемирия 1994 года. ... Премьера пятого сезона «Игры престолов»
    # намечена на 12 апреля": the truce's year is not the premiere's
    text = (DATA / "lenta_0295_game_of_thrones.txt").read_text(encoding="utf-8")
    dates = {r.mention.text: r.date for r in article_dates(sentences_of(text, models), models.dates_extractor, None)[0]}
    assert dates["1994 года"] == dt.date(1994, 1, 1) and dates["12 апреля"] is None
    # Lenta: "Комитет ФИФА по подготовке чемпионата мира по футболу 2018 года в России ... 8 октября
    # арбитражная палата ... отстранила ... Блаттера": not in 2018
    text = (DATA / "lenta_0981_fifa_blatter.txt").read_text(encoding="utf-8")
    result = extract_article({"article_id": "fifa", "text": text, "published_at": None, "title": None}, models)
    suspended = [e for e in result.events if e["trigger_text"] == "отстранила"]
    assert suspended and all(e["event_date"] is None or e["event_date"].year != 2018 for e in suspended)


@pytest.mark.parametrize("before, year, names", [
    ("Вайды будет показан его фильм ", "1972 года", True),
    ("сборная России по футболу (игроки ", "1988 года", True),
    ("Паралимпийские игры ", "2016 года", True),
    ("весной ", "2015 года", False),            # a part of the year: the text's time
    ("за первые пять месяцев ", "2009 года", False),
    ("в течение финансового ", "2015 года", False),   # an adjective agreeing with "года"
    ("объявленной в конце ", "2013 года", False),
    ("стало известно в ", "2015 году", False),
])
def test_which_years_name_a_thing(before, year, names):
    from tasks.nlp.dates import names_a_thing

    assert names_a_thing(before, year) is names


def test_a_year_that_names_a_thing_still_dates_its_own_sentence(models):
    # Lenta: "Паралимпийские игры 2016 года пройдут в Рио-де-Жанейро с 7 по 18 сентября."
    sentence = "Паралимпийские игры 2016 года пройдут в Рио-де-Жанейро с 7 по 18 сентября."
    resolved, _ = article_dates(sentences_of(sentence, models), models.dates_extractor, None)
    assert dt.date(2016, 9, 7) in [r.date for r in resolved]
