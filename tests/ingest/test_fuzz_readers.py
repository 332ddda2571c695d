"""Each text reader driven with generated hostile records: the file never raises, every record
becomes an article or a quarantine row, and what loads fits the articles table."""
import csv
import io
import json

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tasks.ingest.discover import discover
from tasks.ingest.read_file import ingest_file
from tasks.quality.quarantine import quarantine_frame
from tasks.quality.validate import split_valid, to_frame
from tasks.settings import Limits
from tests.corpus_bad import RU_TEXT

FIELDS = ["id", "text", "title", "url", "published_at", "date", "source", "topic", "language"]

hostile_strings = st.one_of(
    st.text(max_size=40),
    st.sampled_from([
        "", " ", "2025-02-30", "2025-02-10T25:00:00", "0001-01-01T00:30:00+05:00",
        "9999-12-31T23:30:00-05:00", "31 февраля 2025", "=HYPERLINK(\"http://x\")", "\ud800",
        "\x00", "x" * 5000, RU_TEXT, "ru", "en", "null", "---", "{{", "\u202e",
    ]),
)
hostile_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(min_value=10**600, max_value=10**700),
    st.floats(allow_nan=True, allow_infinity=True), hostile_strings,
)
hostile_values = st.recursive(
    hostile_scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.sampled_from(FIELDS), inner, max_size=3)),
    max_leaves=8,
)
records = st.lists(st.one_of(st.dictionaries(st.sampled_from(FIELDS), hostile_values),
                             hostile_values), min_size=1, max_size=6)

FUZZ = settings(max_examples=30, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def ingest_bytes(tmp_path, name: str, content: bytes):
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    (folder / name).write_bytes(content)
    limits = Limits()
    (file,) = discover([folder], limits)
    return ingest_file(file, limits)


def assert_accounted(result, expected_records: int | None):
    """Nothing raised; each record is an article or a record-level quarantine row; the
    articles and quarantine rows fit their tables."""
    assert result.status in {"loaded", "quarantined"}
    record_rows = [row for row in result.quarantine if row["article_id"] is None]
    if expected_records is not None and result.status == "loaded":
        assert len(result.articles) + len(record_rows) == expected_records
    split_valid("articles", to_frame("articles", list(result.articles)))
    quarantine_frame(result.quarantine)
    for row in result.quarantine:
        for value in row.values():
            if isinstance(value, str):
                value.encode("utf-8")


def dump(value) -> str:
    # Python's JSON writes what real exporters write, NaN and huge integers included.
    return json.dumps(value, ensure_ascii=False, default=str) if not _too_big(value) else "1e999"


def _too_big(value) -> bool:
    try:
        json.dumps(value)
    except ValueError:   # an integer past Python's own str conversion limit
        return True
    return False


@FUZZ
@given(records)
def test_jsonl_lines(tmp_path, values):
    text = "".join(dump(value) + "\n" for value in values)
    result = ingest_bytes(tmp_path, "a.jsonl", text.encode("utf-8", "surrogatepass"))
    assert_accounted(result, len(values))


@FUZZ
@given(records)
def test_json_array(tmp_path, values):
    result = ingest_bytes(tmp_path, "a.json", dump(values).encode("utf-8", "surrogatepass"))
    assert_accounted(result, None)


@FUZZ
@given(st.lists(st.dictionaries(st.sampled_from(FIELDS), hostile_strings), min_size=1, max_size=6))
def test_csv_rows(tmp_path, rows):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIELDS)
    writer.writeheader()
    writer.writerows(rows)
    result = ingest_bytes(tmp_path, "a.csv", out.getvalue().encode("utf-8", "surrogatepass"))
    assert_accounted(result, None)


@FUZZ
@given(st.dictionaries(st.sampled_from(FIELDS), hostile_values), hostile_strings)
def test_markdown_front_matter(tmp_path, meta, junk):
    for front in (yaml.safe_dump(meta, allow_unicode=True) if not _too_big(meta) else "", junk):
        content = f"---\n{front}\n---\n{RU_TEXT}"
        # Bytes that are no UTF-8 refuse the whole file (tests/ingest/test_read_file.py); here
        # the front matter's values are the point.
        result = ingest_bytes(tmp_path, "a.md", content.encode("utf-8", "replace"))
        assert_accounted(result, 1)
        if "\x00" not in content:   # a NUL byte marks the file as binary: refused as a whole
            assert result.status == "loaded"
