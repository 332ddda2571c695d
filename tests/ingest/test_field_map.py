"""Crawler JSON: news-please's layout without settings, other layouts through .khronikamap."""
import csv
import datetime as dt
import json
import shutil
from pathlib import Path

from tasks.ingest.discover import discover
from tasks.ingest.read_file import ingest_file
from tasks.ingest.records import make_article_id
from tasks.settings import Limits
from tests.corpus_bad_sources import SOURCES

LENTA = (SOURCES / "lenta_texts.txt").read_text(encoding="utf-8").splitlines()


def ingest_all(root: Path) -> dict:
    return {file.relpath: ingest_file(file, Limits()) for file in discover([root], Limits())}


def test_news_please_file_maps_without_configuration():
    (file,) = discover([SOURCES / "newsplease_qubit.json"], Limits())
    result = ingest_file(file, Limits())
    (article,) = result.articles
    assert (result.status, result.reason) == ("loaded", None)
    assert article["text"] == LENTA[1]
    assert article["title"] == "Физики установили рекорд квантовых вычислений"
    assert article["published_at"] == dt.datetime(2013, 10, 14, 9, 15)
    assert article["url"] == article["source_id"] == "https://lenta.ru/news/2013/10/14/qubit/"
    assert article["source"] == "lenta.ru"
    assert article["article_id"] == make_article_id(
        "sources", "newsplease_qubit.json", "id:https://lenta.ru/news/2013/10/14/qubit/")


def test_news_please_description_stands_in_for_a_missing_maintext_and_language_is_checked(tmp_path):
    base = json.loads((SOURCES / "newsplease_qubit.json").read_text(encoding="utf-8"))
    records = [
        {**base, "maintext": None},
        {**base, "url": "https://lenta.ru/en/1", "language": "en"},
        {**base, "url": "https://lenta.ru/2", "maintext": None, "description": None},
    ]
    (tmp_path / "crawl.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    (result,) = ingest_all(tmp_path).values()
    (article,) = result.articles
    assert article["text"] == base["description"]
    assert [row["reason"] for row in result.quarantine] == [
        "line 2: language 'en' is not Russian", "line 3: text is null"]


def test_khronikamap_maps_another_layout(tmp_path):
    root = tmp_path / "export"
    shutil.copytree(SOURCES / "mapped", root)
    results = ingest_all(root)
    assert results[".khronikamap"].status == "skipped"
    (article,) = results["export.json"].articles
    assert article["text"] == LENTA[2]
    assert article["title"] == "Боллоев возглавил «Олимпстрой»"
    assert article["published_at"] == dt.datetime(2009, 5, 13, 12, 40)
    assert article["url"] == article["source_id"] == "https://lenta.ru/news/2009/05/13/bolloev/"
    assert article["source"] == "lenta.ru"


def test_khronikamap_applies_to_csv_but_not_to_text_files(tmp_path):
    (tmp_path / ".khronikamap").write_text("text: Body\ntitle: [headline, caption]\n", encoding="utf-8")
    with open(tmp_path / "export.csv", "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["Caption", "Body"], ["Заголовок", LENTA[0][:200]]])
    (tmp_path / "note.txt").write_text(LENTA[1], encoding="utf-8")
    results = ingest_all(tmp_path)
    (row,) = results["export.csv"].articles
    assert (row["title"], row["text"]) == ("Заголовок", LENTA[0][:200])
    assert results["note.txt"].articles[0]["text"] == LENTA[1]
    assert results[".khronikamap"].status == "skipped"


def test_broken_khronikamap_refuses_the_mapped_files_with_the_reason(tmp_path):
    (tmp_path / ".khronikamap").write_text("body: text\n", encoding="utf-8")
    (tmp_path / "export.json").write_text(json.dumps({"text": LENTA[0]}, ensure_ascii=False),
                                          encoding="utf-8")
    result = ingest_all(tmp_path)["export.json"]
    assert result.status == "quarantined"
    assert result.reason.startswith(".khronikamap: unknown field 'body' (ours are id, text, ")
