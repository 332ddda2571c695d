"""Near-identical texts: the same story from another site is a copy of the first one read."""
import polars as pl

from tasks.ingest.discover import discover
from tasks.ingest.duplicates import DuplicateIndex, signature, similarity
from tasks.ingest.intake import stage_articles
from tasks.settings import Limits
from tasks.warehouse.runs import WarehouseState
from tasks.warehouse.staging import Staging
from tests.conftest import shared_corpus
from tests.corpus_bad_sources import SOURCES

LENTA = (SOURCES / "lenta_texts.txt").read_text(encoding="utf-8").splitlines()
CREDITED = "Об этом сообщает ИА Regnum со ссылкой на «Ленту». " + LENTA[0] + " Фото: пресс-служба."


def test_a_copy_with_a_credit_line_matches_and_other_stories_do_not():
    original = signature(LENTA[0])
    assert similarity(original, signature(CREDITED)) >= 0.9
    assert similarity(original, signature(LENTA[0].replace("ё", "е").upper())) == 1.0
    assert similarity(original, signature(LENTA[1])) < 0.2
    assert similarity(original, signature(LENTA[0][: len(LENTA[0]) // 2])) < 0.8  # half a story
    assert signature("Коротко: всё.") is None


def test_signatures_are_stable_across_processes():
    # Fixed hash coefficients and crc32: a stored signature stays comparable with tomorrow's
    # (this value was computed once; a change of it strands every stored fingerprint).
    assert signature(LENTA[1]).hex()[:32] == "fe675001daa33f00d9616303fc599001"
    assert len(signature(LENTA[1])) == 256


def test_index_points_copies_to_the_first_copy_and_never_to_a_copy():
    index = DuplicateIndex([("stored", signature(LENTA[0]))])
    assert index.first_copy("new-1", signature(CREDITED)) == "stored"
    assert index.first_copy("new-2", signature(LENTA[0] + " Подробнее на сайте.")) == "stored"
    assert index.first_copy("new-3", signature(LENTA[1])) is None
    assert index.first_copy("new-4", signature(LENTA[1] + " Источник: Lenta.ru.")) == "new-3"
    assert index.first_copy("stored", signature(LENTA[0])) is None  # an article is no copy of itself


def test_no_false_copies_among_a_thousand_lenta_articles():
    texts = shared_corpus("lenta_1000.txt").read_text(encoding="utf-8").splitlines()
    index = DuplicateIndex()
    copies = [i for i, text in enumerate(texts) if index.first_copy(str(i), signature(text))]
    assert copies == []


def test_intake_marks_the_syndicated_page_of_a_crawl(tmp_path):
    intake = stage_articles(discover([SOURCES / "crawl.warc.gz"], Limits()), WarehouseState({}, {}, {}),
                            Limits(), Staging(tmp_path), 50)
    rows = pl.read_parquet(intake.batches[0]).select("article_id", "url", "duplicate_of").rows()
    (first, _, _), qubit, copy = rows
    assert copy[1:] == ("https://regnum.example/news/bolloev.html", first)
    assert qubit[2] is None and intake.duplicates == 1
