"""Parse the publication dates that news dumps carry into timestamps.

Understood forms:
- ISO 8601: ``2025-10-09``, ``2025-10-09T14:30``, ``2025-10-09 14:30:00+03:00``, ``...Z``;
- the Lenta.ru dump layout ``2009/05/13`` (optionally followed by a time);
- ``09.10.2025`` and ``09.10.2025 14:30`` (also with a comma before the time);
- Russian: ``9 октября 2025``, ``9 октября 2025 года, 14:30``, ``09 окт 2025``,
  ``14:30, 9 октября 2025``.

A value with an offset is converted to UTC; a value without one is kept as written (naive), since
inventing a time zone would be inventing data. Anything else gives None.
"""
from __future__ import annotations

import re
from datetime import datetime, timezone

# Russian month words as they appear in dates: nominative, genitive, common abbreviations.
_MONTHS = {
    word: number
    for number, words in enumerate(
        (
            "январь января янв", "февраль февраля фев февр", "март марта мар",
            "апрель апреля апр", "май мая", "июнь июня июн", "июль июля июл",
            "август августа авг", "сентябрь сентября сен сент", "октябрь октября окт",
            "ноябрь ноября ноя нояб", "декабрь декабря дек",
        ),
        start=1,
    )
    for word in words.split()
}
_TIME = r"(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?"
_NUMERIC_PATTERNS = (
    re.compile(r"(?P<year>\d{4})/(?P<month>\d{1,2})/(?P<day>\d{1,2})(?:[ T,]+" + _TIME + ")?"),
    re.compile(r"(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})(?:,?\s+" + _TIME + ")?"),
)
_RUSSIAN_DATE = (
    r"(?P<day>\d{1,2})\s+(?P<month_word>[а-яё]+)\.?\s+(?P<year>\d{4})"
    r"(?:\s*(?:г\.|г|года|год))?"
)
_RUSSIAN_PATTERNS = (
    re.compile(_RUSSIAN_DATE + r"(?:\s*,?\s*(?:в\s+)?" + _TIME + ")?", re.IGNORECASE),
    re.compile(_TIME + r"\s*,?\s*" + _RUSSIAN_DATE, re.IGNORECASE),
)


def parse_published_at(value: str) -> datetime | None:
    """A timestamp for ``value`` (UTC-naive when it carried an offset), or None."""
    text = value.strip()
    if not text:
        return None
    parsed = _parse_iso(text)
    if parsed is not None:
        return parsed
    for pattern in _NUMERIC_PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            return _build(match, int(match["month"]))
    for pattern in _RUSSIAN_PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            month = _month_number(match["month_word"])
            return _build(match, month) if month else None
    return None


def _parse_iso(text: str) -> datetime | None:
    # fromisoformat also accepts forms like "20251009"; require the dashed date.
    if not re.match(r"\d{4}-\d{2}-\d{2}", text):
        return None
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    if parsed.tzinfo is not None:
        try:
            parsed = parsed.astimezone(timezone.utc).replace(tzinfo=None)
        except OverflowError:  # year 1 or 9999 pushed past what datetime holds by its offset
            return None
    return parsed


def _month_number(word: str) -> int | None:
    return _MONTHS.get(word.lower())


def _build(match: re.Match, month: int) -> datetime | None:
    try:
        return datetime(
            int(match["year"]), month, int(match["day"]),
            int(match["hour"] or 0), int(match["minute"] or 0), int(match["second"] or 0),
        )
    except ValueError:  # 31.02.2025, 25:00 and the like
        return None
