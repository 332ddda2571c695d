"""One web page's bytes into an article: charset, main text, title, publication date, canonical URL.

- **Charset**: a UTF-8 BOM, else the HTTP ``Content-Type`` charset (WARC responses), else the
  page's ``<meta charset>`` / ``http-equiv`` declaration in its first kilobytes (the order
  browsers follow); a declared charset is used when the bytes decode with it. Otherwise (none declared, or a wrong declaration) the
  bytes must be UTF-8 or Russian cp1251/koi8-r, told apart as for text files
  (tasks/ingest/decode.py). NUL bytes mean binary content served as a page.
- **Parsing** is lxml's HTML parser with libxml2's resource limits on (no ``huge_tree``), so a
  page nested thousands deep or carrying a giant attribute is refused with libxml2's reason
  instead of exhausting memory.
- **Main text** comes from trafilatura in precision mode (menus, related links, comments,
  footers and banners stay out); paragraphs are joined by "\\n". No article text means the page
  is refused. **Metadata** is read here from the page's own declarations: trafilatura's
  metadata pass (which also looks for authors, categories, site names we do not keep) would add
  about half again to a page's time.
  Title from ``og:title``, else the one ``<h1>``, else ``<title>``; canonical URL from
  ``<link rel=canonical>``, else ``og:url``; publication date from htmldate.
"""
from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass

import lxml.html
from htmldate import find_date
from trafilatura import bare_extraction

from tasks.ingest.decode import InputRejected, codec_name, detect_legacy_cyrillic

# Where browsers look for a <meta> charset: the first 1024 bytes; pages with long heads put it
# later, so a little more is scanned.
META_SCAN_BYTES = 4096
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_HTTP_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*\?>")
# htmldate gives the publication day from the page's metadata and markup (not its "extensive
# search" through link URLs and text: related links would date an undated page); it never gives
# the time of day, so the page's own ``article:published_time`` / ``<time datetime>`` of that
# day adds the time when present.
DATE_PARAMS = {"original_date": True, "extensive_search": False, "outputformat": "%Y-%m-%d"}
_TITLE_PATHS = ('//meta[@property="og:title"]/@content', "//h1", "//title")
_URL_PATHS = ('//link[@rel="canonical"]/@href', '//meta[@property="og:url"]/@content')
_TIMESTAMP_PATHS = ('//meta[@property="article:published_time"]/@content',
                    '//meta[@itemprop="datePublished"]/@content', "//time/@datetime")
BLOCK_SEPARATOR = "\n"
_LIMIT_WORDS = {
    "Excessive depth": "HTML nested too deeply",
    "Buffer size limit": "HTML with a giant attribute or text run",
}


@dataclass(frozen=True)
class Page:
    text: str
    title: str | None
    published_at: str | None  # as htmldate gives it; parsed by the record collector
    url: str | None           # the canonical URL when the page names one
    encoding: str
    raw_hash: str             # sha256 of the page's bytes, so a better extractor can redo it

    def record(self, fallback_url: str | None = None, fallback_date: str | None = None) -> dict:
        url = self.url or fallback_url
        return {"id": url, "url": url, "title": self.title, "text": self.text,
                "published_at": self.published_at or fallback_date, "raw_hash": self.raw_hash}


def http_charset(content_type: str | None) -> str | None:
    match = _HTTP_CHARSET.search(content_type or "")
    return match.group(1) if match else None


def decode_page(raw: bytes, declared: str | None = None) -> tuple[str, str]:
    """(text, encoding) of a page's bytes, or raise InputRejected."""
    if not raw.strip():
        raise InputRejected("empty")
    nul = raw.find(b"\0")
    if nul >= 0:
        raise InputRejected(f"binary content served as HTML (NUL byte at offset {nul})")
    if raw.startswith(codecs.BOM_UTF8):
        return raw[len(codecs.BOM_UTF8):].decode("utf-8", errors="strict"), "utf-8-sig"
    candidates = [declared]
    match = _META_CHARSET.search(raw[:META_SCAN_BYTES])
    if match:
        candidates.append(match.group(1).decode("ascii"))
    for name in candidates:
        encoding = codec_name(name)
        if encoding is None:
            continue
        try:
            return raw.decode(encoding, errors="strict"), encoding
        except UnicodeDecodeError:
            continue  # a wrong declaration: detect instead
    try:
        return raw.decode("utf-8", errors="strict"), "utf-8"
    except UnicodeDecodeError:
        pass
    encoding = detect_legacy_cyrillic(raw[: 256 * 1024])
    try:
        return raw.decode(encoding, errors="strict"), encoding
    except UnicodeDecodeError as exc:
        raise InputRejected(f"cannot decode as {encoding}: {exc.reason} at byte {exc.start}") from None


def parse_html(text: str) -> lxml.html.HtmlElement:
    """The page's tree; refused when libxml2's limits stop the parse (depth, buffer size)."""
    parser = lxml.html.HTMLParser(remove_comments=True, collect_ids=False, default_doctype=False)
    try:
        tree = lxml.html.document_fromstring(_XML_DECLARATION.sub("", text, count=1), parser=parser)
    except (ValueError, lxml.etree.ParserError) as exc:
        raise InputRejected(f"not parseable as HTML: {exc}") from None
    for error in parser.error_log:
        if error.type_name == "ERR_RESOURCE_LIMIT" or error.level_name == "FATAL":
            message = " ".join(error.message.split())
            plain = next((words for key, words in _LIMIT_WORDS.items() if key in message),
                         "HTML over the parser's limits")
            raise InputRejected(f"{plain} (libxml2: {message})")
    return tree


def _with_time(tree: lxml.html.HtmlElement, day: str | None) -> str | None:
    """The page's full timestamp for htmldate's day, when the page states one for that day."""
    if day is None:
        return None
    for path in _TIMESTAMP_PATHS:
        for value in tree.xpath(path):
            value = str(value).strip()
            if value.startswith(day) and len(value) > len(day):
                return value
    return day


def extract_page(raw: bytes, declared_charset: str | None = None) -> Page:
    """A page's article, or raise InputRejected saying why there is none."""
    text, encoding = decode_page(raw, declared_charset)
    tree = parse_html(text)
    # Metadata first: trafilatura prunes the tree it is given.
    title, url = _title(tree), _canonical_url(tree)
    day = find_date(tree, **DATE_PARAMS)
    published = _with_time(tree, day or None)
    document = bare_extraction(
        tree, with_metadata=False, include_comments=False, include_tables=True,
        favor_precision=True, deduplicate=False,
    )
    body = (document.text or "").strip() if document is not None else ""
    if not body:
        raise InputRejected("no article text found in the page (only navigation or boilerplate)")
    return Page(
        text=BLOCK_SEPARATOR.join(line.strip() for line in body.splitlines() if line.strip()),
        title=title, published_at=published, url=url, encoding=encoding,
        raw_hash=hashlib.sha256(raw).hexdigest(),
    )


def _title(tree: lxml.html.HtmlElement) -> str | None:
    for path in _TITLE_PATHS:
        found = tree.xpath(path)
        if path == "//h1" and len(found) != 1:
            continue  # several <h1>: a listing, not one article's heading
        for value in found:
            value = " ".join((value if isinstance(value, str) else value.text_content()).split())
            if value:
                return value
    return None


def _canonical_url(tree: lxml.html.HtmlElement) -> str | None:
    for path in _URL_PATHS:
        for value in tree.xpath(path):
            value = str(value).strip()
            if value.startswith(("http://", "https://")):
                return value
    return None
