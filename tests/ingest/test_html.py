"""Saved web pages: the article's text without the site's chrome, its metadata, its charset."""
import datetime as dt
import gzip
import hashlib
from pathlib import Path

import pytest

from tasks.ingest.discover import discover
from tasks.ingest.read_file import ingest_file
from tasks.ingest.records import ARTICLE_COLUMNS, make_article_id
from tasks.settings import Limits
from tests.corpus_bad_sources import SOURCES

LENTA = (SOURCES / "lenta_texts.txt").read_text(encoding="utf-8").splitlines()
# Words of the page's chrome (build_fixtures.py): banner, menu, related links, comments, footer.
CHROME = ["cookie", "Бывший СССР", "Поиск по сайту", "Читайте также", "Курс доллара",
          "Комментарии", "Давно пора", "Поделиться", "Все права защищены", "Главная"]


def ingest(path: Path, limits: Limits = Limits()):
    (file,) = discover([path], limits)
    return ingest_file(file, limits)


def one_article(path: Path) -> dict:
    result = ingest(path)
    assert (result.status, result.reason) == ("loaded", None), result.quarantine
    (article,) = result.articles
    return article


@pytest.mark.parametrize("name, lenta_line, encoding", [
    ("lenta_olimpstroy.html", 0, "utf-8"),
    ("lenta_qubit.cp1251.html", 1, "cp1251"),
])
def test_page_gives_the_article_text_and_nothing_of_the_chrome(name, lenta_line, encoding):
    article = one_article(SOURCES / name)
    assert list(article) == [*ARTICLE_COLUMNS, "legacy_id"]
    # One paragraph a line; put back together they are the Lenta text (HTML folds its spaces).
    assert "\n" in article["text"]
    assert " ".join(article["text"].split()) == " ".join(LENTA[lenta_line].split())
    assert not [word for word in CHROME if word in article["text"]]
    assert article["encoding"] == encoding
    assert article["raw_hash"] == hashlib.sha256((SOURCES / name).read_bytes()).hexdigest()
    assert "<" not in article["text"]


def test_page_metadata_title_date_canonical_url():
    article = one_article(SOURCES / "lenta_qubit.cp1251.html")
    assert article["title"] == "Физики установили рекорд квантовых вычислений"
    # article:published_time 2013-10-14T09:15:00+04:00, stored in UTC
    assert article["published_at"] == dt.datetime(2013, 10, 14, 5, 15)
    assert article["url"] == article["source_id"] == "https://lenta.ru/news/2013/10/14/qubit/"
    assert article["article_id"] == make_article_id("sources", "lenta_qubit.cp1251.html")


def test_gzipped_page_reads_the_same(tmp_path):
    path = tmp_path / "page.html.gz"
    path.write_bytes(gzip.compress((SOURCES / "lenta_olimpstroy.html").read_bytes()))
    article = one_article(path)
    assert article["text"] == one_article(SOURCES / "lenta_olimpstroy.html")["text"]


def test_charset_is_detected_when_undeclared_or_declared_wrong(tmp_path):
    page = (SOURCES / "lenta_qubit.cp1251.html").read_bytes()
    declared = b"http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\""
    undeclared = tmp_path / "undeclared.htm"
    undeclared.write_bytes(page.replace(declared, b'name="robots" content="all"'))
    wrong = tmp_path / "wrong.html"
    wrong.write_bytes(page.replace(declared, b'charset="utf-8"'))
    expected = one_article(SOURCES / "lenta_qubit.cp1251.html")["text"]
    for path in (undeclared, wrong):
        article = one_article(path)
        assert (article["encoding"], article["text"]) == ("cp1251", expected), path.name


def test_page_without_article_is_quarantined_with_the_reason():
    result = ingest(SOURCES / "no_article.html")
    assert (result.status, result.articles) == ("quarantined", [])
    assert result.reason == "no article text found in the page (only navigation or boilerplate)"
    (row,) = result.quarantine
    assert row["reason"] == result.reason and row["table_name"] == "ingest_files"


def test_page_over_the_size_limit_is_refused_while_reading(tmp_path):
    path = tmp_path / "page.html.gz"
    page = (SOURCES / "lenta_olimpstroy.html").read_bytes()
    path.write_bytes(gzip.compress(page))
    result = ingest(path, Limits(max_file_bytes=len(page) - 1))
    assert result.reason == f"decompressed size over the limit of {len(page) - 1} bytes"


def test_empty_page_is_refused(tmp_path):
    path = tmp_path / "empty.html"
    path.write_bytes(b"")
    assert ingest(path).reason == "empty"


def test_changed_after_discovery_is_refused(tmp_path):
    path = tmp_path / "page.html"
    path.write_bytes((SOURCES / "lenta_olimpstroy.html").read_bytes())
    (file,) = discover([path], Limits())
    path.write_bytes((SOURCES / "lenta_qubit.cp1251.html").read_bytes())
    assert ingest_file(file, Limits()).reason == "file changed after discovery (still being written?)"
