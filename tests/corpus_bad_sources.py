"""Web inputs a nightly job must survive (pages, archives, feeds), with the status each must end
with; part of the bad-input corpus (tests/corpus_bad.py)."""
from __future__ import annotations

from pathlib import Path

SOURCES = Path(__file__).resolve().parent / "data" / "sources"
# A page padded with whitespace before <html> keeps its real article after the bombs' tags.
DEEP_NESTING = 100_000
HUGE_ATTRIBUTE_BYTES = 12 * 1024 * 1024  # over libxml2's 10 MB limit for one value


def deep_page() -> bytes:
    page = (SOURCES / "lenta_olimpstroy.html").read_bytes()
    return page.replace(b"<article", b"<div>" * DEEP_NESTING + b"<article", 1)


def huge_attribute_page() -> bytes:
    page = (SOURCES / "lenta_olimpstroy.html").read_bytes()
    return page.replace(b"<article", b'<article data-x="' + b"A" * HUGE_ATTRIBUTE_BYTES + b'"', 1)


def build_bad_sources(directory: Path) -> dict[str, str]:
    """Write the web inputs into ``directory``; return their names -> expected status."""
    directory.mkdir(parents=True, exist_ok=True)
    files = {
        "page.html": ((SOURCES / "lenta_olimpstroy.html").read_bytes(), "loaded"),
        "no_article.html": ((SOURCES / "no_article.html").read_bytes(), "quarantined"),
        # A JPEG's first bytes under an .html name, as a server answering text/html may send.
        "binary.html": (bytes.fromhex("ffd8ffe000104a46494600010100000100010000") * 50,
                        "quarantined"),
        "deep_nesting.html": (deep_page(), "quarantined"),
        "huge_attribute.html": (huge_attribute_page(), "quarantined"),
        "feed.rss": ((SOURCES / "lenta.rss").read_bytes(), "loaded"),
        "broken.rss": ((SOURCES / "broken.rss").read_bytes(), "quarantined"),
        "crawl.warc.gz": ((SOURCES / "crawl.warc.gz").read_bytes(), "loaded"),
        # Cut inside the second page: the first page loads, the rest is one quarantine row.
        "cut.warc.gz": ((SOURCES / "crawl.warc.gz").read_bytes()[:4500], "loaded"),
        "cut_in_first_page.warc.gz": ((SOURCES / "crawl.warc.gz").read_bytes()[:1500], "quarantined"),
    }
    for name, (content, _) in files.items():
        (directory / name).write_bytes(content)
    return {name: status for name, (_, status) in files.items()}
