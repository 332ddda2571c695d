import gzip
import hashlib
import json
import shutil
from datetime import datetime
from pathlib import Path

import pytest

from tasks.ingest.discover import discover
from tasks.ingest.read_file import ingest_file
from tasks.ingest.records import ARTICLE_COLUMNS, make_article_id
from tasks.quality.quarantine import QUARANTINE_COLUMNS
from tasks.settings import SEEDS_DIR, Limits
from tests.corpus_bad import RU_QUOTES, RU_TEXT

RU_SENTENCE = RU_TEXT.split("\n")[0]


def ingest(path: Path, limits: Limits = Limits()):
    (file,) = discover([path], limits)
    return ingest_file(file, limits)


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def jsonl(records) -> str:
    return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)


def reasons(result) -> list[str]:
    return [row["reason"] for row in result.quarantine]


# --- formats -------------------------------------------------------------------------------


def test_txt_seed_is_one_article_with_text_unchanged():
    path = SEEDS_DIR / "000_210788246a6fa90d.txt"
    result = ingest(path)
    (article,) = result.articles
    assert (result.status, result.reason, result.encoding) == ("loaded", None, "utf-8")
    assert list(article) == [*ARTICLE_COLUMNS, "legacy_id"]
    assert article["text"] == path.read_bytes().decode("utf-8")
    assert article["article_id"] == make_article_id("seeds", "000_210788246a6fa90d.txt")
    assert article["content_hash"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert article["source_path"] == str(path)
    assert article["source_id"] is article["title"] is article["published_at"] is None


def test_md_front_matter_gives_metadata_and_body_text():
    path = SEEDS_DIR / "001_lenta_bolloev.md"
    (article,) = ingest(path).articles
    raw = path.read_text(encoding="utf-8")
    assert article["text"] == raw[raw.index("\n---\n") + 5:]
    assert article["text"].startswith("Бывший президент пивоваренной компании")
    assert article["source_id"] == "7211"
    assert article["url"] == "https://lenta.ru/news/2009/04/28/bolloev/"
    assert article["published_at"] == datetime(2009, 4, 28, 11, 42)  # +04:00 in the file
    assert (article["source"], article["topic"]) == ("lenta.ru", "Экономика")
    assert article["title"].startswith("Бывший президент")


def test_md_without_front_matter_is_whole_text(tmp_path):
    text = "# Заголовок\n\n---\n\n" + RU_TEXT
    (article,) = ingest(write(tmp_path / "a.md", text)).articles
    assert article["text"] == text
    assert article["title"] is None


def test_md_with_date_only_front_matter(tmp_path):
    path = write(tmp_path / "a.md", f"---\ndate: 2009-04-28\ntitle: Встреча\n---\n{RU_TEXT}")
    (article,) = ingest(path).articles
    assert article["published_at"] == datetime(2009, 4, 28)
    assert article["text"] == RU_TEXT


def test_md_with_broken_front_matter_loads_without_it(tmp_path):
    result = ingest(write(tmp_path / "a.md", f"---\ntitle: [unclosed\n---\n{RU_TEXT}"))
    (article,) = result.articles
    assert (article["text"], article["title"]) == (RU_TEXT, None)
    (row,) = result.quarantine
    assert row["reason"].startswith("file: invalid YAML front matter")
    assert row["reason"].endswith("article loaded without it")
    assert (row["column_name"], row["value"], row["article_id"]) == (
        "front_matter", "title: [unclosed\n", article["article_id"])


def test_jsonl_seed_keeps_record_ids_and_fields():
    result = ingest(SEEDS_DIR / "002_lenta_news.jsonl")
    assert [a["source_id"] for a in result.articles] == ["lenta-17", "lenta-18", "lenta-22", "lenta-30"]
    by_id = {a["source_id"]: a for a in result.articles}
    assert by_id["lenta-17"]["published_at"] == datetime(2016, 10, 11, 9, 30)
    assert by_id["lenta-22"]["published_at"] == datetime(2015, 12, 24, 16, 20)
    assert by_id["lenta-30"]["published_at"] == datetime(2015, 8, 12, 11, 47)
    assert by_id["lenta-18"]["topic"] == "Наука и техника"
    assert by_id["lenta-22"]["text"].startswith("Министерство иностранных дел России")
    assert len({a["article_id"] for a in result.articles}) == 4
    assert result.quarantine == []


def test_csv_lenta_dump_layout():
    result = ingest(SEEDS_DIR / "003_lenta_dump.csv")
    assert len(result.articles) == 3
    first = result.articles[0]
    assert first["text"].startswith('В результате ДТП, произошедшего 9 декабря на федеральной автотрассе "Крым"')
    assert first["published_at"] == datetime(2006, 12, 9)  # from the "date" column
    assert first["url"] == "https://lenta.ru/news/2006/12/09/crash/"
    assert first["source_id"] is None
    assert first["topic"] == "Россия"


def test_json_list_seed():
    result = ingest(SEEDS_DIR / "004_lenta_list.json")
    assert [a["source_id"] for a in result.articles] == ["1003", "1010"]
    assert result.articles[0]["published_at"] is None  # absent stays absent
    assert result.articles[1]["published_at"] == datetime(2013, 9, 4)


def test_json_single_object(tmp_path):
    path = write(tmp_path / "one.json", json.dumps({"id": 5, "text": RU_TEXT}, ensure_ascii=False))
    (article,) = ingest(path).articles
    assert (article["source_id"], article["text"]) == ("5", RU_TEXT)


def test_json_top_level_scalar_is_quarantined(tmp_path):
    result = ingest(write(tmp_path / "a.json", '"просто строка"'))
    assert result.status == "quarantined"
    assert "expected an object or a list of objects" in result.reason


def test_json_syntax_error_names_line_and_column(tmp_path):
    result = ingest(write(tmp_path / "a.json", '[\n{"text": "Москва",}\n]'))
    assert result.status == "quarantined"
    assert result.reason.startswith("JSON syntax error")
    assert "line 2 column" in result.reason


@pytest.mark.parametrize("name", ["002_lenta_news.jsonl", "003_lenta_dump.csv", "004_lenta_list.json",
                                  "001_lenta_bolloev.md", "000_210788246a6fa90d.txt"])
def test_gzip_gives_the_same_articles(tmp_path, name):
    plain = ingest(SEEDS_DIR / name)
    path = write(tmp_path / (name + ".gz"), gzip.compress((SEEDS_DIR / name).read_bytes()))
    packed = ingest(path)
    assert packed.file.compression == "gzip"
    strip = lambda articles: [{k: v for k, v in a.items() if k not in ("article_id", "legacy_id", "source_path")}
                              for a in articles]
    assert strip(packed.articles) == strip(plain.articles)


def test_truncated_gzip_is_quarantined(tmp_path):
    data = gzip.compress(jsonl([{"text": RU_TEXT}] * 50).encode("utf-8"))
    result = ingest(write(tmp_path / "a.jsonl.gz", data[: len(data) // 2]))
    assert result.status == "quarantined"
    assert result.reason.startswith("corrupt or truncated gzip")
    assert result.articles == []


def test_not_gzip_at_all_is_quarantined(tmp_path):
    result = ingest(write(tmp_path / "a.txt.gz", RU_TEXT))
    assert result.status == "quarantined"
    assert "gzip" in result.reason


def test_decompressed_size_is_limited(tmp_path):
    path = write(tmp_path / "bomb.txt.gz", gzip.compress(b" " * 5000 + RU_TEXT.encode()))
    result = ingest(path, Limits(max_file_bytes=4096))
    assert result.status == "quarantined"
    assert result.reason == "decompressed size over the limit of 4096 bytes"


# --- encodings -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [RU_TEXT, RU_SENTENCE, RU_SENTENCE[:60], RU_SENTENCE[:20], RU_SENTENCE.upper()],
    ids=["article", "sentence", "short", "20 chars", "capitals"],
)
@pytest.mark.parametrize("encoding", ["cp1251", "koi8-r"])
def test_legacy_cyrillic_encodings(tmp_path, text, encoding):
    result = ingest(write(tmp_path / "a.txt", text.encode(encoding)))
    assert result.status == "loaded"
    assert result.encoding == encoding
    (article,) = result.articles
    assert article["text"] == text
    assert article["encoding"] == encoding


def test_cp1251_with_typographic_quotes(tmp_path):
    result = ingest(write(tmp_path / "a.txt", RU_QUOTES.encode("cp1251")))
    assert result.encoding == "cp1251"
    assert result.articles[0]["text"] == RU_QUOTES


def test_cp1251_jsonl(tmp_path):
    data = jsonl([{"id": 1, "text": RU_TEXT}, {"id": 2, "text": RU_QUOTES}]).encode("cp1251")
    result = ingest(write(tmp_path / "a.jsonl", data))
    assert result.encoding == "cp1251"
    assert [a["text"] for a in result.articles] == [RU_TEXT, RU_QUOTES]


def test_utf8_bom_is_dropped_and_recorded(tmp_path):
    result = ingest(write(tmp_path / "a.txt", b"\xef\xbb\xbf" + RU_TEXT.encode("utf-8")))
    assert result.encoding == "utf-8-sig"
    assert result.articles[0]["text"] == RU_TEXT


def test_utf8_bom_csv_header(tmp_path):
    data = b"\xef\xbb\xbf" + f'id,text\n1,"{RU_SENTENCE}"\n'.encode("utf-8")
    result = ingest(write(tmp_path / "a.csv", data))
    assert [(a["source_id"], a["text"]) for a in result.articles] == [("1", RU_SENTENCE)]


def test_crlf_and_surrounding_whitespace_are_kept(tmp_path):
    text = "\r\n  " + RU_TEXT.replace("\n", "\r\n") + "  \r\n"
    (article,) = ingest(write(tmp_path / "a.txt", text)).articles
    assert article["text"] == text


def test_mojibake_is_undecodable(tmp_path):
    # UTF-8 Russian text with one byte cut: not UTF-8, and read as cp1251 it is garbage.
    data = RU_TEXT.encode("utf-8")
    result = ingest(write(tmp_path / "a.txt", data[:11] + data[12:]))
    assert result.status == "quarantined"
    assert result.reason.startswith("undecodable")


def test_nul_bytes_mean_binary(tmp_path):
    result = ingest(write(tmp_path / "a.txt", RU_TEXT.encode("utf-16")))
    assert result.status == "quarantined"
    assert result.reason.startswith("binary content (NUL byte at offset")


# --- ids and hashes ------------------------------------------------------------------------


def test_article_ids_do_not_depend_on_where_the_root_is(tmp_path, monkeypatch):
    # The same source folder ("lenta") in two places: the id has its name, not where it is.
    for place in ("one", "two"):
        shutil.copy(SEEDS_DIR / "002_lenta_news.jsonl", write(tmp_path / place / "lenta" / "x", "").parent / "news.jsonl")
    first = ingest(tmp_path / "one" / "lenta" / "news.jsonl")
    monkeypatch.chdir(tmp_path / "two")
    second = ingest(Path("lenta/news.jsonl"))
    assert [a["article_id"] for a in first.articles] == [a["article_id"] for a in second.articles]
    assert first.articles[0]["article_id"] == make_article_id("lenta", "news.jsonl", "id:lenta-17")


def test_same_id_in_two_files_gives_two_articles(tmp_path):
    write(tmp_path / "a.jsonl", jsonl([{"id": 7, "text": RU_TEXT}]))
    write(tmp_path / "b.jsonl", jsonl([{"id": 7, "text": RU_QUOTES}]))
    results = [ingest_file(file, Limits()) for file in discover([tmp_path], Limits())]
    a, b = (result.articles[0] for result in results)
    assert a["source_id"] == b["source_id"] == "7"
    assert a["article_id"] != b["article_id"]
    assert a["content_hash"] != b["content_hash"]


def test_duplicate_ids_in_one_file_keep_the_first(tmp_path):
    path = write(tmp_path / "a.jsonl", jsonl([
        {"id": "x", "text": RU_TEXT}, {"id": "y", "text": RU_SENTENCE}, {"id": "x", "text": RU_QUOTES},
    ]))
    result = ingest(path)
    assert [(a["source_id"], a["text"]) for a in result.articles] == [("x", RU_TEXT), ("y", RU_SENTENCE)]
    (row,) = result.quarantine
    assert row["reason"] == "line 3: duplicate id 'x' (first at line 1)"
    assert (row["check_name"], row["column_name"], row["value"]) == ("id_unique", "id", "x")
    assert json.loads(row["record"])["text"] == RU_QUOTES
    assert result.reason == "1 of 3 records quarantined"


def test_records_without_ids_get_distinct_positional_ids(tmp_path):
    result = ingest(write(tmp_path / "a.jsonl", jsonl([{"text": RU_TEXT}, {"text": RU_TEXT}])))
    ids = [a["article_id"] for a in result.articles]
    assert len(set(ids)) == 2
    assert ids[0] == make_article_id(tmp_path.name, "a.jsonl", "at:line 1")


def test_content_hash_is_of_text_only(tmp_path):
    path = write(tmp_path / "a.jsonl", jsonl([
        {"id": 1, "title": "Один", "text": RU_TEXT}, {"id": 2, "title": "Другой", "text": RU_TEXT},
    ]))
    a, b = ingest(path).articles
    assert a["content_hash"] == b["content_hash"] == hashlib.sha256(RU_TEXT.encode("utf-8")).hexdigest()


# --- bad records and values ----------------------------------------------------------------


def test_bad_jsonl_records_are_quarantined_one_row_each(tmp_path):
    lines = [
        json.dumps({"id": 1, "text": RU_TEXT}, ensure_ascii=False),
        json.dumps({"id": 2, "text": ["список"]}, ensure_ascii=False),
        json.dumps({"id": 3}),
        json.dumps({"id": 4, "text": None}),
        json.dumps({"id": 5, "text": " \n "}),
        json.dumps({"id": {"nested": 1}, "text": RU_TEXT}, ensure_ascii=False),
        "null",
        "[]",
        "{broken",
        "",
        json.dumps({"id": 11, "text": RU_QUOTES}, ensure_ascii=False),
    ]
    result = ingest(write(tmp_path / "a.jsonl", "\n".join(lines) + "\n"))
    assert [a["source_id"] for a in result.articles] == ["1", "11"]
    assert reasons(result)[:6] == [
        "line 2: text is a list, expected a string",
        "line 3: missing text",
        "line 4: text is null",
        "line 5: empty text",
        "line 6: id is an object, expected a string or integer",
        "line 7: record is not an object (null)",
    ]
    assert reasons(result)[6] == "line 8: record is not an object (a list)"
    assert reasons(result)[7].startswith("line 9: invalid JSON: Expecting property name")
    assert result.quarantine[7]["record"] == "{broken\n"
    assert result.reason == "8 of 10 records quarantined"
    for row in result.quarantine:
        assert list(row) == QUARANTINE_COLUMNS
        assert row["stage"] == "ingest" and row["table_name"] == "articles"
        assert row["source_path"] == str(tmp_path / "a.jsonl")


def test_long_raw_records_are_cut(tmp_path):
    result = ingest(write(tmp_path / "a.jsonl", '{"text": "' + "я" * 5000 + '\n'))
    (row,) = result.quarantine
    assert len(row["record"]) == 1000
    assert result.status == "quarantined"


def test_unparseable_date_keeps_article_and_notes_value(tmp_path):
    path = write(tmp_path / "a.jsonl", jsonl([{"id": 1, "text": RU_TEXT, "published_at": "на днях"}]))
    result = ingest(path)
    (article,) = result.articles
    (row,) = result.quarantine
    assert article["published_at"] is None
    assert row["reason"] == "line 1: unparseable published_at; article loaded with it null"
    assert (row["column_name"], row["value"], row["article_id"]) == ("published_at", "на днях", article["article_id"])
    assert result.status == "loaded" and result.reason is None


def test_wrong_metadata_type_is_nulled_with_a_row(tmp_path):
    path = write(tmp_path / "a.json", json.dumps([{"text": RU_TEXT, "title": ["a", "b"], "url": 12}]))
    result = ingest(path)
    (article,) = result.articles
    assert article["title"] is None
    assert article["url"] == "12"
    (row,) = result.quarantine
    assert row["reason"] == "item 1: title is a list, expected a string; article loaded with it null"


def test_article_length_limit(tmp_path):
    limits = Limits(max_article_chars=len(RU_SENTENCE))
    path = write(tmp_path / "a.jsonl", jsonl([{"id": 1, "text": RU_SENTENCE}, {"id": 2, "text": RU_TEXT}]))
    result = ingest(path, limits)
    assert [a["source_id"] for a in result.articles] == ["1"]
    assert reasons(result) == [f"line 2: text too long ({len(RU_TEXT)} chars > limit {len(RU_SENTENCE)})"]
    whole = ingest(write(tmp_path / "b.txt", RU_TEXT), limits)
    assert whole.status == "quarantined"
    assert whole.reason == f"text too long (over the limit of {len(RU_SENTENCE)} chars)"


@pytest.mark.parametrize("name", ["a.jsonl", "a.json"])
def test_record_limit_quarantines_the_rest_with_one_row(tmp_path, name):
    records = [{"id": n, "text": RU_SENTENCE} for n in range(5)]
    content = jsonl(records) if name.endswith("jsonl") else json.dumps(records, ensure_ascii=False)
    result = ingest(write(tmp_path / name, content), Limits(max_records_per_file=2))
    assert [a["source_id"] for a in result.articles] == ["0", "1"]
    assert reasons(result) == ["3 records over the limit of 2 per file were not loaded"]
    assert result.reason == "3 of 5 records quarantined"


def test_csv_broken_quoting_quarantines_the_file(tmp_path):
    result = ingest(write(tmp_path / "a.csv", f'id,text\n1,"{RU_SENTENCE}"x\n2,ok\n'))
    assert result.status == "quarantined"
    assert result.reason.startswith("CSV parse error on line 2")


def test_csv_without_text_column(tmp_path):
    result = ingest(write(tmp_path / "a.csv", f"id,body\n1,{RU_SENTENCE}\n"))
    assert result.reason == "CSV header has no text column (columns: id, body)"


def test_csv_row_with_wrong_field_count(tmp_path):
    result = ingest(write(tmp_path / "a.csv", f'id,text\n1,"{RU_SENTENCE}"\n2,a,b\n'))
    assert len(result.articles) == 1
    assert reasons(result) == ["line 3: row has 3 fields, the header has 2"]


def test_csv_large_field(tmp_path):
    big = (RU_TEXT.replace("\n", " ") * 300)[:190_000]
    (article,) = ingest(write(tmp_path / "a.csv", f'id,text\n1,"{big}"\n')).articles
    assert article["text"] == big


def test_empty_and_whitespace_files(tmp_path):
    for name, content in [("a.txt", ""), ("b.jsonl", "\n\n  \n"), ("c.csv", ""), ("d.txt", b"\xef\xbb\xbf \n")]:
        result = ingest(write(tmp_path / name, content))
        assert (result.status, result.reason) == ("quarantined", "empty"), name
        assert reasons(result) == ["empty"]


def test_html_and_english_load_unchanged(tmp_path):
    html = f"<p>{RU_SENTENCE}</p>\n"
    assert ingest(write(tmp_path / "a.txt", html)).articles[0]["text"] == html
    english = "The Kremlin said talks would continue.\n"
    assert ingest(write(tmp_path / "b.txt", english)).articles[0]["text"] == english


def test_files_decided_by_discover_are_not_opened(tmp_path):
    write(tmp_path / "a.png", b"\x89PNG")
    write(tmp_path / ".hidden.txt", RU_TEXT)
    results = {f.relpath: ingest_file(f, Limits()) for f in discover([tmp_path], Limits())}
    png, hidden = results["a.png"], results[".hidden.txt"]
    assert (png.status, png.reason) == ("quarantined", "unsupported format .png")
    assert [row["reason"] for row in png.quarantine] == ["unsupported format .png"]
    assert (hidden.status, hidden.quarantine, hidden.articles) == ("skipped", [], [])


def test_header_only_csv_has_no_records(tmp_path):
    result = ingest(write(tmp_path / "a.csv", "id,url,title,text\n"))
    assert (result.status, result.reason) == ("quarantined", "no records")
    assert reasons(result) == ["no records"]


def test_rejected_values_are_previewed_as_json(tmp_path):
    result = ingest(write(tmp_path / "a.jsonl", jsonl([{"id": 1.5, "text": RU_TEXT}, {"text": {"ru": "да"}}])))
    assert [(row["reason"], row["value"]) for row in result.quarantine] == [
        ("line 1: id is a float, expected a string or integer", "1.5"),
        ("line 2: text is an object, expected a string", '{"ru": "да"}'),
    ]


@pytest.mark.parametrize("name", ["a.txt", "a.txt.gz"])
def test_file_changed_after_discovery_is_quarantined(tmp_path, name):
    pack = gzip.compress if name.endswith(".gz") else (lambda data: data)
    path = write(tmp_path / name, pack(RU_TEXT.encode("utf-8")))
    (file,) = discover([path], Limits())
    assert ingest_file(file, Limits()).status == "loaded"
    path.write_bytes(pack((RU_TEXT + RU_QUOTES).encode("utf-8")))
    result = ingest_file(file, Limits())
    assert (result.status, result.reason) == ("quarantined", "file changed after discovery (still being written?)")


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_delimiter_follows_the_header(tmp_path, delimiter):
    content = f"id{delimiter}title{delimiter}text\n1{delimiter}Песков, Кремль{delimiter}{RU_SENTENCE}\n"
    if delimiter == ",":
        content = f'id,title,text\n1,"Песков, Кремль",{RU_SENTENCE.replace(",", "")}\n'
    (article,) = ingest(write(tmp_path / "a.csv", content)).articles
    assert article["title"] == "Песков, Кремль"
    assert article["text"].startswith("Москва высоко оценивает")


def test_unpaired_surrogates_are_quarantined_not_raised(tmp_path):
    lines = [
        '{"id": 1, "text": "Москва \\ud800 Душанбе"}',
        '{"id": "\\udc00", "text": "Москва"}',
        '{"id": 3, "text": "Москва", "title": "Песков \\udfff"}',
    ]
    result = ingest(write(tmp_path / "a.jsonl", "\n".join(lines) + "\n"))
    assert [row["reason"] for row in result.quarantine] == [
        "line 1: text has an unpaired surrogate at index 7",
        "line 2: id has an unpaired surrogate",
        "line 3: title has an unpaired surrogate; article loaded with it null",
    ]
    (article,) = result.articles
    assert (article["source_id"], article["title"]) == ("3", None)
    for row in result.quarantine:  # every stored string is valid UTF-8
        for value in row.values():
            if isinstance(value, str):
                value.encode("utf-8")


def test_front_matter_aliases_are_refused(tmp_path):
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\ntitle: *c\n"
    result = ingest(write(tmp_path / "a.md", f"---\n{bomb}---\n{RU_TEXT}"))
    (article,) = result.articles
    assert article["title"] is None
    assert "invalid YAML front matter: aliases are not allowed" in reasons(result)[0]


# --- one bad value never costs the file ------------------------------------------------------

@pytest.mark.parametrize("value", ["2025-02-30", "2025-02-10T25:00:00", "2025-13-01"])
def test_an_impossible_front_matter_date_is_a_value_row(tmp_path, value):
    result = ingest(write(tmp_path / "a.md", f"---\ntitle: Встреча\npublished_at: {value}\n---\n{RU_TEXT}"))
    (article,) = result.articles
    assert (article["title"], article["published_at"]) == ("Встреча", None)
    (row,) = result.quarantine
    assert (row["column_name"], row["value"]) == ("published_at", value)


@pytest.mark.parametrize("value", ["0001-01-01T00:30:00+05:00", "9999-12-31T23:30:00-05:00"])
def test_a_date_that_leaves_the_calendar_in_utc_is_a_value_row(tmp_path, value):
    path = write(tmp_path / "a.jsonl", jsonl([{"id": 1, "text": RU_TEXT, "published_at": value},
                                              {"id": 2, "text": RU_TEXT}]))
    result = ingest(path)
    assert [a["published_at"] for a in result.articles] == [None, None]
    (row,) = result.quarantine
    assert (row["column_name"], row["value"]) == ("published_at", value)


def test_front_matter_nested_thousands_deep_costs_only_the_metadata(tmp_path):
    deep = "a: " + "[" * 5000 + "]" * 5000
    result = ingest(write(tmp_path / "a.md", f"---\n{deep}\n---\n{RU_TEXT}"))
    (article,) = result.articles
    assert article["text"] == RU_TEXT
    assert "nested deeper than 32 levels" in reasons(result)[0]


def test_an_absurdly_long_id_rejects_only_its_record(tmp_path):
    path = write(tmp_path / "a.jsonl", jsonl([{"id": "x" * 100_000, "text": RU_TEXT},
                                              {"id": "ok", "text": RU_TEXT},
                                              {"id": int("9" * 4000), "text": RU_TEXT}]))
    result = ingest(path)
    assert [a["source_id"] for a in result.articles] == ["ok"]
    assert [r["column_name"] for r in result.quarantine] == ["id", "id"]
    assert "id longer than 512 characters (100000)" in reasons(result)[0]


def test_a_file_of_junk_lines_lists_a_thousand_rows_and_counts_the_rest(tmp_path):
    from tasks.ingest.records import MAX_ROWS_PER_FILE

    lines = [str(number) for number in range(5000)] + [json.dumps({"id": "ok", "text": RU_TEXT}, ensure_ascii=False)]
    result = ingest(write(tmp_path / "a.jsonl", "\n".join(lines) + "\n"))
    assert [a["source_id"] for a in result.articles] == ["ok"]
    assert len(result.quarantine) == MAX_ROWS_PER_FILE + 1
    summary = result.quarantine[-1]
    assert summary["check_name"] == "max_rows_per_file"
    assert summary["reason"] == f"{5000 - MAX_ROWS_PER_FILE} more rows not listed (over {MAX_ROWS_PER_FILE} per file), by check: record_object {5000 - MAX_ROWS_PER_FILE}"
    assert result.reason == "5000 of 5001 records quarantined"


@pytest.mark.parametrize("chunk", [5, 64, 1 << 16])
def test_a_json_list_read_item_by_item_gives_the_same_records(tmp_path, monkeypatch, chunk):
    from tasks.ingest.readers import json as json_reader

    whole = ingest(SEEDS_DIR / "004_lenta_list.json")
    monkeypatch.setattr(json_reader, "CHUNK_CHARS", chunk)  # windows that cut every value somewhere
    assert ingest(SEEDS_DIR / "004_lenta_list.json").articles == whole.articles
    records = json.loads((SEEDS_DIR / "004_lenta_list.json").read_text(encoding="utf-8"))
    spaced = write(tmp_path / "spaced.json", json.dumps(records, ensure_ascii=False, indent=3))
    assert [a["text"] for a in ingest(spaced).articles] == [a["text"] for a in whole.articles]
    assert len(whole.articles) == len(records) > 1


def test_a_json_list_of_millions_of_items_is_never_held_whole(tmp_path):
    import tracemalloc

    big = write(tmp_path / "numbers.json", "[" + ",".join(["7"] * 3_000_000) + "]")
    tracemalloc.start()
    try:
        result = ingest(big, Limits(max_file_bytes=64 * 2**20))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert result.articles == [] and result.status == "quarantined"
    # 6 MB of text, 3 million items: the item-by-item reader holds a window and the capped rows.
    assert peak < big.stat().st_size / 2
