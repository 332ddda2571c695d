"""Date expressions in an article and their resolution to calendar dates.

Explicit dates come from Natasha's DatesExtractor, run sentence by sentence: it raises on some
real text (KeyError 'маять' on "по сравнению с маем 2008 года"), and a failing sentence becomes a
warning instead of costing the article its other dates. Relative expressions ("вчера",
"в понедельник", "спустя два дня", "в прошлом году") are matched by the patterns below.

Resolution walks the article in text order:
- a full date stands as it is (precision day, month or year);
- a day or a month without a year ("9 октября", "в ноябре") takes the publication year; without a publication date,
  the year of a year-only expression in the same sentence ("... в 2025 году"), else the year of
  the narrative so far: the latest year-only expression or day-precision date earlier in the
  text. Month-year dates ("в декабре 2024 года") usually recall background events, and a year
  after "с", "до", "после", "к", "по" or ending a range ("на 2017-2019 годы") bounds a span ("с
  1998 года"), so neither sets the year of the dates after it; nor does the year of a thing named
  before it ("фильм 1972 года", "чемпионата мира по футболу 2018 года"), but for its own
  sentence. With no year at all the date stays
  unresolved, and so does a day whose weekday the text gives ("во вторник, 6 декабря") when the
  year found puts it on another day of the week;
- a range ("с 17 по 23 октября 2006 года", "с 1 января по 12 марта 2007 года") is one
  expression, dated by its first day with the month and year its end gives; so is a range of
  years ("в 1941-1944 годах"), by its first year. An event is never dated by a year that ends a
  span or looks past it ("до 2020 года", "после 2017 года", "на 2012-2013 год"): `until`;
- a relative expression counts from the publication date, else from the latest day-precision
  date earlier in the text ("спустя два дня" after "7 октября" is 9 October). With neither it
  stays unresolved. Nothing is ever guessed from the current clock.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

MONTH_STEMS = r"январ|феврал|март|апрел|\bма[йяюе]|июн|июл|август|сентябр|октябр|ноябр|декабр"
# Every rule of DatesExtractor's grammar needs a month name, a four-digit year followed by a
# year word ("2008 году", "2008 г.", "лет" is a form of "год"), or a numeric DD.MM.YY date:
# sentences with none of these are skipped (on Lenta, 80% of sentences; same dates found).
EXPLICIT_DATE_HINT = re.compile(
    rf"{MONTH_STEMS}|\d{{4}}\s*(?:г\b|г\.|год|лет)|\d{{1,2}}\.\d{{1,2}}\.\d{{2}}", re.IGNORECASE)

# DatesExtractor's chart parser costs about the square of the text it reads: it reads the words
# around each digit group or month name only (WINDOW_PAD characters, widened to whole words;
# overlapping windows merged). On 21,543 sentences of Lenta and NEREL the dates are the same as
# over whole sentences and the pass takes 0.38 of the CPU (bench/date_windows.py); a pad of 25
# took 0.5, and 10 found the same dates too ("с 17 по 23 октября 2006 года": the day and the
# year lie within a few characters of the month).
WINDOW_HINT = re.compile(rf"{MONTH_STEMS}|\d{{4}}|\d{{1,2}}\.\d{{1,2}}\.\d{{2}}", re.IGNORECASE)
WINDOW_PAD = 14


def date_windows(text: str) -> list[tuple[int, int]]:
    """(start, stop) of the parts of a sentence that can hold an explicit date."""
    spans: list[list[int]] = []
    for match in WINDOW_HINT.finditer(text):
        start, stop = max(0, match.start() - WINDOW_PAD), min(len(text), match.end() + WINDOW_PAD)
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        while stop < len(text) and not text[stop].isspace():
            stop += 1
        if spans and start <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], stop)
        else:
            spans.append([start, stop])
    return [(start, stop) for start, stop in spans]


WEEKDAYS = {
    "понедельник": 0, "вторник": 1, "сред": 2, "четверг": 3, "пятниц": 4, "суббот": 5,
    "воскресень": 6,
}
NUMBER_WORDS = {
    "один": 1, "одну": 1, "одни": 1, "два": 2, "две": 2, "три": 3, "четыре": 4, "пять": 5,
    "шесть": 6, "семь": 7, "восемь": 8, "девять": 9, "десять": 10, "несколько": None,
}
UNIT_DAYS = {"день": 1, "дня": 1, "дней": 1, "сутки": 1, "суток": 1,
             "неделю": 7, "недели": 7, "недель": 7}

RELATIVE_PATTERNS: list[tuple[re.Pattern, str]] = [
    (re.compile(r"\bпозавчера\b", re.I), "day:-2"),
    (re.compile(r"\bвчера\b", re.I), "day:-1"),
    (re.compile(r"\bсегодня\b", re.I), "day:0"),
    (re.compile(r"\bпослезавтра\b", re.I), "day:2"),
    (re.compile(r"\bзавтра\b", re.I), "day:1"),
    (re.compile(r"\bво?\s+(понедельник|вторник|среду|четверг|пятницу|субботу|воскресенье)\b", re.I),
     "weekday"),
    (re.compile(r"\b(?:спустя|через)\s+(\d+|[а-яё]+)\s+(день|дня|дней|сутки|суток|неделю|недели|недель)\b",
                re.I), "after"),
    (re.compile(r"\b(?:на|в)\s+прошлой\s+неделе\b", re.I), "week:-1"),
    (re.compile(r"\b(?:на|в)\s+этой\s+неделе\b", re.I), "week:0"),
    (re.compile(r"\bв\s+прошлом\s+месяце\b", re.I), "month:-1"),
    (re.compile(r"\bв\s+этом\s+месяце\b", re.I), "month:0"),
    (re.compile(r"\bв\s+прошлом\s+году\b", re.I), "year:-1"),
    (re.compile(r"\bв\s+(?:этом|текущем|нынешнем)\s+году\b", re.I), "year:0"),
    (re.compile(r"\bв\s+следующем\s+году\b", re.I), "year:1"),
]
MONTHS_PREPOSITIONAL = {
    "январе": 1, "феврале": 2, "марте": 3, "апреле": 4, "мае": 5, "июне": 6, "июле": 7,
    "августе": 8, "сентябре": 9, "октябре": 10, "ноябре": 11, "декабре": 12,
}
# "в ноябре" without a year: DatesExtractor does not match it, it still dates an event to a month.
MONTH_ONLY = re.compile(r"\b(?:в|во)\s+(" + "|".join(MONTHS_PREPOSITIONAL) + r")\b", re.I)
RELATIVE_HINT = re.compile(
    r"вчера|сегодня|завтра|понедельник|вторник|среду|четверг|пятницу|субботу|воскресенье|"
    r"спустя|через|недел|месяце|году", re.I)

# A day-month date more than this far after publication is taken from the previous year
# ("28 декабря" in an article of 5 January).
FUTURE_WINDOW = dt.timedelta(days=183)


@dataclass(frozen=True)
class DateMention:
    start: int                 # article offsets
    stop: int
    sentence_index: int
    text: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    relative: str | None = None   # e.g. "day:-1", "weekday:0", "after:2", "year:-1"
    bound: bool = False           # a year after "с", "до", "после", ... or "2017-": one end of a span
    named: bool = False           # a year of the thing named before it ("фильм 1972 года")
    until: bool = False           # a bound after "до", "к", "по", "после", or a span planned for
                                  # ("на 2012-2013 год"): when a span ends, not when anything happened
    weekday: int | None = None    # the day of the week the text gives it ("во вторник, 6 декабря"), Monday 0

    @property
    def is_year_only(self) -> bool:
        return self.relative is None and self.year is not None and self.month is None


@dataclass(frozen=True)
class ResolvedDate:
    mention: DateMention
    date: dt.date | None
    precision: str | None      # day | month | year | None when unresolved


# "возглавлявший ФИФА с 1998 года, 29 мая был переизбран", "сотрудничать с Роскосмосом до 2016
# года", "бюджет на 2017-2019 годы": a year after one of these prepositions, or the end of a range
# of years, bounds a span of time; it is no year the text is in, so it lends its year to no day or
# month without one.
BOUND_BEFORE = re.compile(r"(?:(?:^|[^\w-])(с|со|до|после|от|к|ко|по)\s+|\d{4}\s*[-–—]\s*)$", re.IGNORECASE)
# Of those, the ones that start a span: the others end it or look past it, as the end of a range
# does, and date no event ("подписал документ ... до 2020 года" was not signed in 2020; "с 1998
# года возглавлял" may have begun in 1998).
SPAN_STARTS = frozenset({"с", "со", "от"})
# "фильм 1972 года", "игроки 1988 года рождения", "чемпионата мира по футболу 2018 года": a year
# in the genitive right after a word that names a thing is that thing's year, not the year the
# text has come to; it lends its year to a day or month of its own sentence only ("Паралимпийские
# игры 2016 года пройдут ... с 7 по 18 сентября"). On Lenta 1000 such years dated 16 of 19 days and
# months of later sentences wrongly (bench/EVENTS.md, 2025.12.23). After a word for a part or a
# stretch of the year ("весной", "в конце", "за 10 месяцев"), an adjective agreeing with "года"
# ("текущего", "финансового") or a preposition, the year is the text's time.
GENITIVE_YEAR = re.compile(r"\d{4}\s*(?:года|г\.?)$", re.IGNORECASE)
WORD_BEFORE = re.compile(r"(?:^|[^\w-])([^\W\d_][\w-]*)\W{0,2}\s*$")
TIME_OF_YEAR = re.compile(
    r"^(?:начал|конц|конец|середин|половин|полугоди|квартал|месяц|недел|остат|сезон|лет[оа]|весн|осен|"
    r"зим|итог|течени|рубеж|протяжени|окончани|исход|период|год|позж|поздн|ранн|раньш|канун|весь|вс[её]м?)",
    re.IGNORECASE)
PREPOSITIONS = frozenset({"в", "во", "на", "за", "из", "для", "около", "после", "до", "с", "со", "от", "к", "ко",
                          "по", "у", "о", "об", "при", "через", "между", "среди", "вплоть", "и", "или"})


def names_a_thing(before: str, text: str) -> bool:
    """Whether a year-only date expression `text`, with `before` the text before it, is the year of
    the thing the word before it names (see GENITIVE_YEAR)."""
    if not GENITIVE_YEAR.search(text.strip()):
        return False
    word = WORD_BEFORE.search(before)
    if word is None:
        return False
    word = word.group(1).lower()
    return not (word in PREPOSITIONS or TIME_OF_YEAR.match(word) or word.endswith(("ого", "его")))


# "в понедельник, 24 августа": Lenta gives the day of the week before most days it names without a
# year; a year taken from elsewhere that puts the day on another weekday is a wrong year.
WEEKDAY_BEFORE = re.compile(r"(?:^|[^\w-])(понедельник|вторник|среду|четверг|пятницу|субботу|воскресенье)\s*,?\s*$",
                            re.IGNORECASE)


def find_explicit_dates(sentences: Iterable[tuple[int, int, str]], dates_extractor,
                        prefilter: bool = True, windowed: bool = True):
    """DatesExtractor on each (sentence_index, start, text) that can hold a date, on the
    sentence's date windows (date_windows) unless `windowed` is False.

    Returns (mentions, failures) where failures are (sentence_index, repr(error)).
    """
    mentions, failures = [], []
    for index, offset, text in sentences:
        if prefilter and not EXPLICIT_DATE_HINT.search(text):
            continue
        try:
            matches = [(begin, match) for begin, end in (date_windows(text) if windowed else [(0, len(text))])
                       for match in dates_extractor(text[begin:end])]
        except Exception as error:  # the extractor's grammar fails on some real sentences
            failures.append((index, repr(error)))
            continue
        found = []
        for begin, match in matches:
            fact = match.fact
            start, stop = begin + match.start, begin + match.stop
            bound = BOUND_BEFORE.search(text[max(0, start - 12):start]) if fact.month is None else None
            found.append(DateMention(
                start=offset + start, stop=offset + stop, sentence_index=index,
                text=text[start:stop], year=fact.year, month=fact.month, day=fact.day,
                bound=bound is not None,
                named=fact.month is None and bound is None and names_a_thing(text[max(0, start - 40):start],
                                                                               text[start:stop]),
                until=bound is not None and (bound.group(1) or "").lower() not in SPAN_STARTS,
                weekday=stated_weekday(text[max(0, start - 16):start]) if fact.day and not fact.year else None,
            ))
        mentions.extend(date_ranges(found, offset, text))
    return mentions, failures


def stated_weekday(before: str) -> int | None:
    """The day of the week named right before a date ("в четверг, 24 декабря"), Monday 0."""
    match = WEEKDAY_BEFORE.search(before)
    return weekday_number(match.group(1)) if match else None


def weekday_number(word: str) -> int:
    """Monday 0 ... Sunday 6 of a weekday name in any case ("среду", "пятница")."""
    word = word.lower()
    return next(n for stem, n in WEEKDAYS.items() if word.startswith(stem))


# "с 17 по 23 октября 2006 года", "с 1 января по 12 марта 2007 года": a range is one date
# expression, dated by its first day (an event's date is when it began), with the year and the
# month its end gives. DatesExtractor reads only "23 октября 2006 года" of the first, and "1
# января" without a year of the second.
RANGE_START_DAY = re.compile(r"\b[сС]\s+(\d{1,2})\s+по\s+$")
RANGE_START = re.compile(r"\b[сС]\s+$")
RANGE_BETWEEN = re.compile(r"^\s+по\s+$")


# The first year of a range the extractor reads as its last one ("1941-" of "1941-1944 годах"), with
# "на" before it when the range is a period planned for.
YEAR_RANGE_START = re.compile(r"(?:(?:^|[^\w-])(на)\s+)?(?<![\d.])(\d{4})\s*[-–—]\s*$", re.IGNORECASE)


def date_ranges(found: list[DateMention], offset: int, text: str) -> list[DateMention]:
    """A sentence's DatesExtractor mentions (in text order) with each "с ... по ..." range made
    one mention dated by its first day, and each range of years ("в 1941-1944 годах") one
    mention dated by its first year."""
    out: list[DateMention] = []
    for mention in found:
        before = text[:mention.start - offset]
        first_year = YEAR_RANGE_START.search(before)
        if first_year and mention.is_year_only and int(first_year.group(2)) < mention.year:
            # "в 1941-1944 годах": one span, dated by its first year as a range of days is by its
            # first day; "на 2012-2013 год" is the span a plan or contract covers, not when it is
            start = offset + first_year.start(2)
            out.append(replace(mention, start=start, text=text[start - offset:mention.stop - offset],
                               year=int(first_year.group(2)), bound=True, until=bool(first_year.group(1))))
            continue
        bare_day = RANGE_START_DAY.search(before)
        if bare_day and mention.day is not None and 1 <= int(bare_day.group(1)) < mention.day:
            # "с 17 по 23 октября": the first day shares the end's month and year
            start = offset + bare_day.start()
            out.append(replace(mention, start=start, text=text[start - offset:mention.stop - offset],
                               day=int(bare_day.group(1))))
            continue
        first = out[-1] if out else None
        opening = RANGE_START.search(text[:first.start - offset]) if first is not None else None
        if (opening and first.day is not None and first.month is not None and first.year is None
                and mention.month is not None and RANGE_BETWEEN.match(text[first.stop - offset:mention.start - offset])):
            # "с 1 января по 12 марта 2007 года": the first day takes the end's year (the year
            # before when it comes later in the calendar: "с 28 декабря по 3 января 2015 года");
            # with no year at either end it is resolved like any day without one
            year = mention.year
            if year is not None and (first.month, first.day) > (mention.month, mention.day or 1):
                year -= 1
            start = offset + opening.start()
            out[-1] = replace(first, start=start, stop=mention.stop, text=text[start - offset:mention.stop - offset],
                              year=year)
            continue
        out.append(mention)
    return out


def _relative_key(kind: str, match: re.Match) -> str | None:
    if kind == "weekday":
        return f"weekday:{weekday_number(match.group(1))}"
    if kind == "after":
        amount, unit = match.group(1).lower(), match.group(2).lower()
        count = int(amount) if amount.isdigit() else NUMBER_WORDS.get(amount)
        if count is None:
            return None
        return f"after:{count * UNIT_DAYS[unit]}"
    return kind


def find_relative_dates(sentences: Iterable[tuple[int, int, str]]) -> list[DateMention]:
    mentions = []
    for index, offset, text in sentences:
        if not RELATIVE_HINT.search(text):
            continue
        for pattern, kind in RELATIVE_PATTERNS:
            for match in pattern.finditer(text):
                key = _relative_key(kind, match)
                if key is not None:
                    mentions.append(DateMention(
                        start=offset + match.start(), stop=offset + match.end(),
                        sentence_index=index, text=match.group(0), relative=key,
                    ))
    return mentions


def find_month_names(sentences: Iterable[tuple[int, int, str]]) -> list[DateMention]:
    mentions = []
    for index, offset, text in sentences:
        for match in MONTH_ONLY.finditer(text):
            mentions.append(DateMention(
                start=offset + match.start(), stop=offset + match.end(), sentence_index=index,
                text=match.group(0), month=MONTHS_PREPOSITIONAL[match.group(1).lower()],
            ))
    return mentions


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _shift_relative(key: str, reference: dt.date) -> tuple[dt.date | None, str | None]:
    kind, _, value = key.partition(":")
    amount = int(value)
    if kind in ("day", "after"):
        return reference + dt.timedelta(days=amount), "day"
    if kind == "weekday":
        # News reports past days of the week: the latest such weekday on or before the reference.
        back = (reference.weekday() - amount) % 7
        return reference - dt.timedelta(days=back), "day"
    if kind == "week":
        monday = reference - dt.timedelta(days=reference.weekday()) + dt.timedelta(weeks=amount)
        sunday = monday + dt.timedelta(days=6)
        if (monday.year, monday.month) != (sunday.year, sunday.month):
            return None, None       # a week across two months has no single month
        return monday.replace(day=1), "month"
    if kind == "month":
        month_index = reference.year * 12 + reference.month - 1 + amount
        return dt.date(month_index // 12, month_index % 12 + 1, 1), "month"
    if kind == "year":
        return dt.date(reference.year + amount, 1, 1), "year"
    return None, None


def resolve_dates(mentions: Iterable[DateMention],
                  published_at: dt.datetime | dt.date | None) -> list[ResolvedDate]:
    """Resolve every mention in text order (see the module docstring for the rules)."""
    published = published_at.date() if isinstance(published_at, dt.datetime) else published_at
    ordered = sorted(mentions, key=lambda m: (m.start, m.stop))
    sentence_years: dict[int, int] = {}
    for mention in ordered:
        if mention.is_year_only and not mention.bound:
            sentence_years.setdefault(mention.sentence_index, mention.year)

    resolved = []
    narrative_year: int | None = None
    narrative_day: dt.date | None = None
    for mention in ordered:
        date = precision = None
        if mention.relative is not None:
            kind = mention.relative.partition(":")[0]
            # "спустя два дня" counts from the event told before it; "вчера" from publication.
            if kind == "after":
                reference = narrative_day or published
            else:
                reference = published or narrative_day
            if reference is not None:
                date, precision = _shift_relative(mention.relative, reference)
        elif mention.year is not None and mention.month is not None and mention.day is not None:
            date, precision = _safe_date(mention.year, mention.month, mention.day), "day"
        elif mention.year is not None and mention.month is not None:
            date, precision = dt.date(mention.year, mention.month, 1), "month"
        elif mention.year is not None:
            date, precision = dt.date(mention.year, 1, 1), "year"
            if not mention.bound and not mention.named:
                narrative_year = mention.year
        elif mention.month is not None:
            # A day or a month without a year ("9 октября", "в ноябре").
            year = None
            if published is not None:
                year = published.year
                candidate = _safe_date(year, mention.month, mention.day or 1)
                if candidate is not None and candidate - published > FUTURE_WINDOW:
                    year -= 1
            else:
                year = sentence_years.get(mention.sentence_index, narrative_year)
            if year is not None:
                date = _safe_date(year, mention.month, mention.day or 1)
                precision = "day" if mention.day else "month"
                if date is not None and mention.weekday is not None and date.weekday() != mention.weekday:
                    date = None   # the year is not the text's: better no date than a wrong one
        if date is None:
            precision = None
        elif precision == "day":
            narrative_day, narrative_year = date, date.year
        resolved.append(ResolvedDate(mention, date, precision))
    return resolved


def article_dates(sentences: list[tuple[int, int, str]], dates_extractor,
                  published_at) -> tuple[list[ResolvedDate], list[tuple[int, str]]]:
    """All dates of one article, resolved; plus per-sentence extractor failures."""
    explicit, failures = find_explicit_dates(sentences, dates_extractor)
    explicit_spans = [(m.start, m.stop) for m in explicit]
    relative = [m for m in find_relative_dates(sentences) + find_month_names(sentences)
                if not any(s < m.stop and m.start < e for s, e in explicit_spans)]
    return resolve_dates(explicit + relative, published_at), failures


PRECISION_RANK = {"day": 3, "month": 2, "year": 1, None: 0}
