"""Which of its sentence's dates an event takes: one attached to the trigger first, then the
most precise, then the nearest; a date in another clause is not the event's (choose_date, the
event date). The role model's time candidates (time_spans) are those date expressions and the
time words that carry no date; the time argument is the model's pick among them."""
from __future__ import annotations

import datetime as dt
import re

from tasks.nlp.dates import PRECISION_RANK, WEEKDAYS, DateMention, ResolvedDate
from tasks.nlp.events.tree import SentenceTree
from tasks.nlp.events.triggers import Trigger

# "ЧМ-2018", "Олимпиаде-2016", "Евро-2012", "драфте-1989": the event's name carries its year
NAMED_YEAR = re.compile(r"[^\W\d_][\w.]*-((?:19|20)\d\d)")


# "жительница Пензы 1952 года рождения", "1988 г.р.": whose birth year it is, never when the
# event of the sentence took place (a birth's own date aside)
BIRTH = "birth"
BIRTH_YEAR = re.compile(r"\s*(?:года?|г\.)?\s*(?:рождения\b|р\.)", re.IGNORECASE)


def of_birth(text: str, date: ResolvedDate) -> bool:
    """Whether the date is someone's year of birth ("1952 года рождения")."""
    return date.precision == "year" and BIRTH_YEAR.match(text, date.mention.stop) is not None


def year_in_trigger(trigger: Trigger, sentence_index: int) -> ResolvedDate | None:
    """The year a trigger word ends in ("на ЧМ-2018"), as a date of year precision; the dates
    extractor reads no year inside a word. None for any other trigger ("Ту-154" is no year)."""
    for token in trigger.span_tokens:
        match = NAMED_YEAR.fullmatch(token.text)
        if match is not None:
            year = int(match.group(1))
            start = token.start + match.start(1)
            mention = DateMention(start, start + 4, sentence_index, match.group(1), year=year)
            return ResolvedDate(mention, dt.date(year, 1, 1), "year")
    return None


# Adjectives that say when, and no more: "на декабрьском заседании", "сегодняшней встречи",
# "прошлогоднего скандала" (on NEREL train a gold time 13 times of 14 on a trigger; "нынешний"
# and the seasons, which name kinds of event as often, "зимней Олимпиады", are left out).
TIME_ADJECTIVES = frozenset({
    "январский", "февральский", "мартовский", "апрельский", "майский", "июньский", "июльский",
    "августовский", "сентябрьский", "октябрьский", "ноябрьский", "декабрьский",
    "сегодняшний", "вчерашний", "позавчерашний", "завтрашний", "прошлогодний",
    "пятничный", "субботний", "воскресный",
})


def time_modifier(tree: SentenceTree, trigger: Trigger, sentence_index: int) -> DateMention | None:
    """The adjective of TIME_ADJECTIVES that modifies the trigger's word, as a time span with no
    date: a month's adjective names no year."""
    for token in trigger.span_tokens:
        for kid in tree.kids(token, {"amod"}):
            if kid.lemma in TIME_ADJECTIVES:
                return DateMention(kid.start, kid.stop, sentence_index, kid.text)
    return None


def _attached(tree: SentenceTree, token, roots: set[str], steps: int = 3) -> bool:
    current = token
    for _ in range(steps):
        current = tree.head(current)
        if current is None:
            return False
        if current.id in roots:
            return True
    return False


def choose_date(tree: SentenceTree, trigger: Trigger,
                dates: list[ResolvedDate]) -> ResolvedDate | None:
    """Date of the event among its sentence's dates: attached, then precise, then near; never the
    year a span ends in ("подписал документ о приоритетах до 2020 года")."""
    dates = [d for d in dates if not d.mention.until]
    if not dates:
        return None
    roots = {t.id for t in trigger.tokens} | {tree.predicate(trigger.anchor).id}

    clause_ids = {t.id for t in tree.clause(tree.predicate(trigger.anchor))}
    clause_ids.update(t.id for t in tree.clause(trigger.anchor))

    def tokens_of(date: ResolvedDate) -> list:
        return [t for t in tree.tokens if date.mention.start <= t.start < date.mention.stop]

    def attached(date: ResolvedDate) -> bool:
        return any(_attached(tree, t, roots) for t in tokens_of(date))

    def same_clause(date: ResolvedDate) -> bool:
        """The date and the trigger belong to one predicate: neither is in a clause of its own."""
        date_tokens = tokens_of(date)
        if any(t.id in clause_ids for t in date_tokens):
            return True
        top = tree.clause_root(date_tokens[0]) if date_tokens else None
        return top is not None and trigger.anchor.id in {t.id for t in tree.clause(top)}

    dates = [d for d in dates if attached(d) or same_clause(d)]
    if not dates:
        return None

    def distance(date: ResolvedDate) -> int:
        mention = date.mention
        if mention.stop <= trigger.start:
            return trigger.start - mention.stop
        return max(0, mention.start - trigger.stop)

    return min(dates, key=lambda d: (not attached(d), -PRECISION_RANK[d.precision], distance(d)))


# Time expressions that hold no calendar date of their own, which NEREL still marks as an
# event's time ("накануне", "в тот же день", a bare "2017", "около 12 часов", "три года назад",
# "в начале июня"): on NEREL train they are most of the gold times that no date expression
# overlaps (bench/argument_reach.py --times). They are time-role candidates only: an event's
# date never comes from them.
TIME_WORDS = re.compile(
    r"\b(?:"
    r"накануне|в\s+тот\s+же\s+(?:день|вечер)|в\s+тот\s+день|на\s+(?:следующий|другой)\s+день"
    r"|(?:в\s+)?(?:1[89]|20)\d\d(?:-[емх]|-го)?(?![\d.])"
    r"|(?:(?:\d+|[а-яё]+)\s+)?(?:год|года|лет|дн(?:я|ей|и)|день|месяц[аев]*|недел[юиь]|час[аов]*)\s+назад"
    r"|в\s+(?:самом\s+)?(?:начале|середине|конце)\s+(?:(?:этого|прошлого|текущего|следующего|нынешнего"
    r"|этой|прошлой|следующей)\s+)?(?:[а-яё]+|\d{4}(?:-х)?)(?:\s+год(?:а|ов))?"
    r"|в\s+(?:минувш|прошл|прошедш|эт|следующ|ближайш|будущ|позапрошл)[а-яё]*\s+"
    r"(?:понедельник|вторник|среду|четверг|пятницу|субботу|воскресенье|выходные|году|месяце|неделе)"
    r"|на\s+(?:следующей|будущей|минувшей|прошлой|этой)\s+неделе|в\s+последние\s+(?:дни|месяцы|годы|недели)"
    r"|(?:в|около|к|до|после)\s+\d{1,2}(?::\d\d|\s+час(?:а|ов)?(?:\s+(?:утра|дня|вечера|ночи))?)"
    r"(?:\s+по\s+[а-яё]+\s+времени)?"
    r"|в\s+ночь\s+(?:на|с)\s+[а-яё0-9]+(?:\s+на\s+[а-яё0-9]+)?"
    r")\b", re.IGNORECASE)


def time_spans(sentence_start: int, sentence_text: str, dates: list[ResolvedDate],
               left_out: list[ResolvedDate] = ()) -> list[dict]:
    """A sentence's time-role candidates as mention-like dicts: its date expressions (type DATE,
    or RELATIVE for "вчера", "в понедельник") and the time words above no date overlaps (TIME);
    none where a date `left_out` is (a year of birth)."""
    out = [{"start": d.mention.start, "stop": d.mention.stop, "text": d.mention.text,
            "type": "RELATIVE" if d.mention.relative else "DATE", "entity_id": None} for d in dates]
    taken = [(d.mention.start, d.mention.stop) for d in (*dates, *left_out)]
    for match in TIME_WORDS.finditer(sentence_text):
        start, stop = sentence_start + match.start(), sentence_start + match.end()
        if not any(s < stop and start < e for s, e in taken):
            taken.append((start, stop))
            out.append({"start": start, "stop": stop, "text": match.group(0), "type": "TIME",
                        "entity_id": None})
    return with_weekdays_joined(sorted(out, key=lambda m: (m["start"], m["stop"])), sentence_start, sentence_text)


# "в субботу утром, 28 марта 2020 года", "в ночь на понедельник, 6 апреля": the weekday and the
# date it restates are one time (NEREL train marks them as one span 68 times of 101).
WEEKDAY = re.compile("|".join(WEEKDAYS), re.IGNORECASE)   # the dates module's weekday stems
WEEKDAY_GAP = re.compile(r"(?:\s+(?:утром|днём|днем|вечером|ночью))?\s*,\s*", re.IGNORECASE)


def with_weekdays_joined(spans: list[dict], sentence_start: int, sentence_text: str) -> list[dict]:
    """Time candidates with a weekday span and the calendar date right after it (WEEKDAY_GAP
    between them) made one DATE span."""
    out: list[dict] = []
    for span in spans:
        before = out[-1] if out else None
        if (before is not None and span["type"] == "DATE" and WEEKDAY.search(before["text"])
                and WEEKDAY_GAP.fullmatch(sentence_text[before["stop"] - sentence_start:span["start"] - sentence_start])):
            out[-1] = {**span, "start": before["start"],
                       "text": sentence_text[before["start"] - sentence_start:span["stop"] - sentence_start]}
            continue
        out.append(span)
    return out
