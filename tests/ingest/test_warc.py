"""WARC archives: a page per HTML response, the other records counted, damage kept local."""
import datetime as dt
import gzip
import io
import random
import tracemalloc
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tasks.ingest.discover import discover
from tasks.ingest.read_file import ingest_file
from tasks.ingest.records import make_article_id
from tasks.settings import Limits
from tests.corpus_bad_sources import SOURCES

CRAWL = SOURCES / "crawl.warc.gz"
LENTA = (SOURCES / "lenta_texts.txt").read_text(encoding="utf-8").splitlines()
SKIPPED = "11 records skipped (1 HTTP 404, 1 metadata, 1 non-HTML, 1 redirect, 7 request)"


def ingest(path: Path, limits: Limits = Limits()):
    (file,) = discover([path], limits)
    return ingest_file(file, limits)


def folded(text: str) -> str:
    return " ".join(text.split())


def write_warc(path: Path, responses: list[tuple[str, bytes, str]], date: str = "2025-10-30T08:00:00Z"
               ) -> Path:
    """A .warc.gz of (url, body, content type) 200 responses."""
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for url, body, content_type in responses:
            headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), http_headers=headers,
                warc_headers_dict={"WARC-Date": date}))
    return path


def test_crawl_gives_one_article_per_html_page_and_counts_the_rest():
    result = ingest(CRAWL)
    assert result.status == "loaded"
    assert result.reason == f"1 of 4 records quarantined; {SKIPPED}"
    olimpstroy, qubit, copy = result.articles
    assert folded(olimpstroy["text"]) == folded(LENTA[0]) == folded(copy["text"])
    assert folded(qubit["text"]) == folded(LENTA[1])
    assert [a["encoding"] for a in result.articles] == ["utf-8", "cp1251", "utf-8"]
    assert [a["source_id"] for a in result.articles] == [
        "https://lenta.ru/news/2009/05/13/bolloev/", "https://lenta.ru/news/2013/10/14/qubit/",
        "https://regnum.example/news/bolloev.html"]
    assert qubit["article_id"] == make_article_id("sources", "crawl.warc.gz", "id:" + qubit["source_id"])
    assert qubit["published_at"] == dt.datetime(2013, 10, 14, 5, 15)  # the page's own date
    assert len({a["raw_hash"] for a in result.articles}) == 3
    (row,) = result.quarantine
    assert row["reason"].startswith(
        "record 14 (https://lenta.ru/news/2013/10/14/photo/): binary content served as HTML")


def test_uncompressed_warc_reads_the_same(tmp_path):
    path = tmp_path / "crawl.warc"
    path.write_bytes(gzip.decompress(CRAWL.read_bytes()))
    assert [a["text"] for a in ingest(path).articles] == [a["text"] for a in ingest(CRAWL).articles]


def test_target_uri_and_warc_date_stand_in_for_what_the_page_lacks(tmp_path):
    page = (SOURCES / "lenta_olimpstroy.html").read_text(encoding="utf-8")
    bare = "\n".join(line for line in page.splitlines()
                     if "canonical" not in line and "og:url" not in line and "published_time" not in line
                     and "<time" not in line)
    path = write_warc(tmp_path / "bare.warc.gz",
                      [("https://lenta.ru/news/bare/", bare.encode("utf-8"), "text/html")])
    (article,) = ingest(path).articles
    assert article["url"] == article["source_id"] == "https://lenta.ru/news/bare/"
    assert article["published_at"] == dt.datetime(2025, 10, 30, 8, 0)


@pytest.mark.parametrize("fraction", [0.2, 0.45, 0.7, 0.95])
def test_truncated_archive_keeps_the_pages_before_the_damage(tmp_path, fraction):
    whole = CRAWL.read_bytes()
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(whole[: int(len(whole) * fraction)])
    result = ingest(path)
    expected = [a["text"] for a in ingest(CRAWL).articles]
    texts = [a["text"] for a in result.articles]
    assert texts == expected[: len(texts)]  # a prefix: nothing before the damage is lost
    damage = [row for row in result.quarantine if row["reason"].startswith("archive damaged at record")]
    assert len(damage) == 1 and damage[0]["reason"].endswith("; the rest was not read")
    assert damage[0]["reason"] in result.reason
    assert result.status == ("loaded" if texts else "quarantined")


def test_a_cut_in_the_first_page_loses_it_with_the_reason(tmp_path):
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(CRAWL.read_bytes()[:1500])
    result = ingest(path)
    assert (result.status, result.articles) == ("quarantined", [])
    assert "archive damaged at record 2" in result.reason


def test_size_limit_applies_per_page_and_skipped_records_stream(tmp_path):
    page = (SOURCES / "lenta_olimpstroy.html").read_bytes()
    image = random.Random(0).randbytes(16 * 1024 * 1024)  # a 16 MB photo, skipped unread
    path = write_warc(tmp_path / "big.warc.gz", [
        ("https://lenta.ru/logo.png", image, "image/png"),
        ("https://lenta.ru/a/", page, "text/html"),
        ("https://lenta.ru/huge/", page + b" " * 20_000, "text/html"),
    ])
    limits = Limits(max_file_bytes=len(page) + 10_000)
    assert path.stat().st_size > limits.max_file_bytes or True  # the archive's size is no limit
    tracemalloc.start()
    try:
        result = ingest(path, limits)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [a["url"] for a in result.articles] == ["https://lenta.ru/news/2009/05/13/bolloev/"]
    assert [row["reason"] for row in result.quarantine] == [
        f"record 3 (https://lenta.ru/huge/): page over the size limit of {limits.max_file_bytes} bytes"]
    assert peak < len(image) / 4, peak


def test_archive_over_the_file_size_limit_is_still_read(tmp_path):
    page = (SOURCES / "lenta_olimpstroy.html").read_bytes()
    path = write_warc(tmp_path / "two.warc.gz", [("https://a/1", page, "text/html"),
                                                 ("https://a/2", page.replace(b"bolloev", b"other"), "text/html")])
    limits = Limits(max_file_bytes=len(page) + 100)
    assert path.stat().st_size < limits.max_file_bytes * 2
    uncompressed = tmp_path / "two.warc"
    uncompressed.write_bytes(gzip.decompress(path.read_bytes()))
    assert uncompressed.stat().st_size > limits.max_file_bytes
    assert len(ingest(uncompressed, limits).articles) == 2


def test_a_cut_anywhere_keeps_a_prefix_and_says_so_unless_it_falls_between_records(tmp_path):
    from warcio.archiveiterator import ArchiveIterator

    whole = CRAWL.read_bytes()
    records = ArchiveIterator(io.BytesIO(whole))
    boundaries = set()
    for _ in records:
        boundaries.add(records.offset)
    records.close()
    expected = [a["text"] for a in ingest(CRAWL).articles]
    path = tmp_path / "cut.warc.gz"
    for cut in range(100, len(whole), 257):
        path.write_bytes(whole[:cut])
        result = ingest(path)
        texts = [a["text"] for a in result.articles]
        assert texts == expected[: len(texts)], cut
        damaged = any(row["reason"].startswith("archive damaged") for row in result.quarantine)
        assert damaged or cut in boundaries, cut


def test_pages_past_the_memory_bound_spill_to_disk_and_come_back_in_order(tmp_path, monkeypatch):
    import tasks.ingest.spill as spill
    from tasks.ingest.intake import stage_articles
    from tasks.warehouse.runs import WarehouseState
    from tasks.warehouse.staging import Staging

    page = (SOURCES / "lenta_olimpstroy.html").read_bytes()
    urls = [f"https://lenta.ru/news/{n}/" for n in range(12)]
    path = write_warc(tmp_path / "many.warc.gz", [
        (url, page.replace(b"https://lenta.ru/news/2009/05/13/bolloev/", url.encode()), "text/html")
        for url in urls])
    in_memory = ingest(path).articles
    monkeypatch.setattr(spill, "KEEP_IN_MEMORY", 5)
    spilled = ingest(path).articles
    assert isinstance(spilled, spill.SpillingList) and len(spilled) == 12
    assert list(spilled) == list(spilled) == in_memory
    assert [a["url"] for a in spilled] == urls
    intake = stage_articles(discover([path], Limits()), WarehouseState({}, {}, {}), Limits(),
                            Staging(tmp_path / "stage"), 50)
    assert intake.articles["new"] == 12 and intake.duplicates == 11  # the same story twelve times
