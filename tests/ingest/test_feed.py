"""RSS 2.0 and Atom feeds: one article per item, the richest body, markup stripped."""
import datetime as dt
from pathlib import Path

from tasks.ingest.discover import discover
from tasks.ingest.markup import markup_to_text
from tasks.ingest.read_file import ingest_file
from tasks.ingest.records import make_article_id
from tasks.settings import Limits
from tests.corpus_bad_sources import SOURCES

LENTA = (SOURCES / "lenta_texts.txt").read_text(encoding="utf-8").splitlines()


def ingest(path: Path):
    (file,) = discover([path], Limits())
    return ingest_file(file, Limits())


def folded(text: str) -> str:
    return " ".join(text.split())


def test_rss_items_become_articles_with_the_richest_body():
    result = ingest(SOURCES / "lenta.rss")
    first, second = result.articles
    # Item 1 has a one-paragraph description and the full content:encoded: the full text wins.
    assert folded(first["text"]) == folded(LENTA[0])
    assert first["text"].count("\n") > 2 and "<" not in first["text"]
    assert first["title"] == "Боллоев возглавил «Олимпстрой»"
    assert first["url"] == first["source_id"] == "https://lenta.ru/news/2009/05/13/bolloev/"
    assert first["published_at"] == dt.datetime(2009, 5, 13, 8, 40)  # +0400 in UTC
    assert first["article_id"] == make_article_id("sources", "lenta.rss", "id:" + first["url"])
    assert first["raw_hash"] and first["raw_hash"] != first["content_hash"]
    # Item 2 has only a description.
    assert folded(second["text"]) == folded(LENTA[1])
    assert (result.status, result.encoding) == ("loaded", "utf-8")
    # Item 3 has no body: quarantined alone.
    assert result.reason == "1 of 3 records quarantined"
    assert [row["reason"] for row in result.quarantine] == ["item 3: text is null"]


def test_atom_entry_in_windows_1251():
    result = ingest(SOURCES / "lenta_science.atom")
    (entry,) = result.articles
    assert result.encoding == "cp1251"
    assert folded(entry["text"]) == folded(LENTA[1])
    assert entry["url"] == entry["source_id"] == "https://lenta.ru/news/2013/10/14/qubit/"
    assert entry["published_at"] == dt.datetime(2013, 10, 14, 5, 15)


def test_broken_feed_is_refused_with_where_it_breaks():
    result = ingest(SOURCES / "broken.rss")
    assert (result.status, result.articles) == ("quarantined", [])
    assert result.reason == "feed is not well-formed XML at line 17: no element found"


def test_xml_that_is_no_feed_is_refused(tmp_path):
    path = tmp_path / "sitemap.xml"
    path.write_text('<?xml version="1.0"?><urlset><url><loc>https://lenta.ru/</loc></url></urlset>',
                    encoding="utf-8")
    assert ingest(path).reason == "not an RSS or Atom feed"


def test_markup_to_text_keeps_blocks_as_lines_and_drops_scripts():
    fragment = ("<p>Первый  абзац,\n с переносом.</p><script>alert(1)</script>"
                "<ul><li>пункт&nbsp;один</li><li>пункт два</li></ul>хвост<br>конец")
    assert markup_to_text(fragment) == "Первый абзац, с переносом.\nпункт один\nпункт два\nхвост\nконец"
    assert markup_to_text("просто   текст") == "просто текст"


def test_entity_expansion_bomb_is_refused(tmp_path):
    entities = "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
    path = tmp_path / "bomb.rss"
    path.write_text(f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">{entities}]>'
                    '<rss version="2.0"><channel><title>t</title><item><title>x</title>'
                    '<description>&j;</description></item></channel></rss>', encoding="utf-8")
    result = ingest(path)
    assert (result.status, result.articles) == ("quarantined", [])
    assert result.reason.startswith("feed is not well-formed XML at line 1: limit on input amplification")
