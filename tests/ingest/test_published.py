from datetime import datetime

import pytest

from tasks.ingest.published import parse_published_at


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-10-09", datetime(2025, 10, 9)),
        ("2025-10-09T14:30", datetime(2025, 10, 9, 14, 30)),
        ("2025-10-09 14:30:15", datetime(2025, 10, 9, 14, 30, 15)),
        ("2025-10-09T14:30:00Z", datetime(2025, 10, 9, 14, 30)),
        # Offsets are converted to UTC: Moscow is UTC+3.
        ("2025-10-09T14:30:00+03:00", datetime(2025, 10, 9, 11, 30)),
        ("2025-10-09 01:00-05:00", datetime(2025, 10, 9, 6, 0)),
        ("2009/05/13", datetime(2009, 5, 13)),
        ("2009/05/13 08:07", datetime(2009, 5, 13, 8, 7)),
        ("09.10.2025", datetime(2025, 10, 9)),
        ("9.10.2025 14:30", datetime(2025, 10, 9, 14, 30)),
        ("09.10.2025, 14:30", datetime(2025, 10, 9, 14, 30)),
        ("9 октября 2025", datetime(2025, 10, 9)),
        ("9 октября 2025 года, 14:30", datetime(2025, 10, 9, 14, 30)),
        ("9 октября 2025 г. в 14:30", datetime(2025, 10, 9, 14, 30)),
        ("09 окт 2025", datetime(2025, 10, 9)),
        ("09 окт. 2025", datetime(2025, 10, 9)),
        ("1 Марта 2024", datetime(2024, 3, 1)),
        ("31 мая 2024", datetime(2024, 5, 31)),
        ("14:30, 9 октября 2025", datetime(2025, 10, 9, 14, 30)),
        ("  24 декабря 2015  ", datetime(2015, 12, 24)),
    ],
)
def test_parses_known_forms(value, expected):
    assert parse_published_at(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "",
        "   ",
        "вчера",
        "31.02.2025",  # no such day
        "2025-13-01",
        "9 максимума 2025",  # not a month
        "20251009",  # compact ISO is ambiguous with ids
        "9 октября",  # no year: the year would be invented
        "2025-10-09 и ещё текст",
        "25:00, 9 октября 2025",
    ],
)
def test_unparseable_gives_none(value):
    assert parse_published_at(value) is None


def test_result_is_naive():
    assert parse_published_at("2025-10-09T14:30:00+03:00").tzinfo is None
