"""Web sources through ingest: pages per second for HTML files and a WARC archive, and what share
of the time goes to extracting the main text (trafilatura), set against the NLP it feeds.

    python bench/bench_sources.py [--n 300] [--nlp 50] [--run] [--compare]

Wraps the first --n Lenta articles of ../shared/corpora/lenta_1000.txt (or
$KHRONIKA_SHARED/corpora) in the news-site chrome of tests/data/sources/build_fixtures.py, half
utf-8 and half windows-1251, as .html files and as one .warc.gz (a request record before each
response, as crawlers write), then times discover() + ingest_file() over each. The time inside
trafilatura is summed by wrapping its call. --nlp N also times the product's extraction
(tasks.nlp.extract) on N of the extracted texts, one process, so the two costs compare per
article. --run times `python -m flows.cli run` end to end on the HTML pages and on the same
texts as one JSONL file (fresh warehouses): the difference is what pages cost a real run.
--compare adds the libraries weighed: warcio against FastWARC iterating the same
archive, and trafilatura (precision mode, default) against jusText on chrome left in and
article words kept. Exits quietly when the corpus is absent.
"""
from __future__ import annotations

import argparse
import importlib.util
import io
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpus import LENTA_1000 as CORPUS
from corpus import PROJECT_ROOT

import tasks.ingest.html_page as html_page
from tasks.ingest.discover import discover
from tasks.ingest.duplicates import signature
from tasks.ingest.read_file import ingest_file
from tasks.settings import Limits

FIXTURES = PROJECT_ROOT / "tests" / "data" / "sources" / "build_fixtures.py"
CHROME = ["cookie", "Бывший СССР", "Поиск по сайту", "Читайте также", "Курс доллара",
          "Комментарии", "Давно пора", "Поделиться", "Все права защищены"]


def fixture_builder():
    spec = importlib.util.spec_from_file_location("build_fixtures", FIXTURES)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pages(texts: list[str]) -> list[tuple[str, bytes]]:
    build = fixture_builder()
    out = []
    for n, text in enumerate(texts):
        charset = "utf-8" if n % 2 == 0 else "windows-1251"
        url = f"https://lenta.ru/news/2013/10/14/n{n}/"
        html = build.page(text, f"Новость {n}", url, "2013-10-14T09:15:00+04:00", build.charset_meta(charset))
        out.append((url, html.encode(charset, errors="replace")))
    return out


def write_warc(path: Path, items: list[tuple[str, bytes]]) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for url, body in items:
            request = StatusAndHeaders(f"GET {url} HTTP/1.1", [("Host", "lenta.ru")], is_http_request=True)
            writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(b""),
                                                          http_headers=request))
            response = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          http_headers=response))


class ExtractorClock:
    """Sums the time spent inside trafilatura's bare_extraction during ingest."""

    def __init__(self):
        self.seconds = 0.0
        self._original = html_page.bare_extraction

    def __enter__(self):
        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return self._original(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - started
        html_page.bare_extraction = timed
        return self

    def __exit__(self, *exc):
        html_page.bare_extraction = self._original


def ingest(folder: Path, limits: Limits) -> tuple[list[dict], float, float]:
    with ExtractorClock() as clock:
        started = time.perf_counter()
        articles = [a for file in discover([folder], limits) for a in ingest_file(file, limits).articles]
        seconds = time.perf_counter() - started
    return articles, seconds, clock.seconds


def compare_warc_readers(path: Path) -> None:
    from warcio.archiveiterator import ArchiveIterator

    started = time.perf_counter()
    with open(path, "rb") as handle:
        count = sum(1 for record in ArchiveIterator(handle) if record.content_stream().read() is not None)
    print(f"  warcio    {count} records in {time.perf_counter() - started:.3f} s")
    try:
        from fastwarc.warc import ArchiveIterator as FastIterator
    except ImportError:
        print("  FastWARC  not installed")
        return
    started = time.perf_counter()
    with open(path, "rb") as handle:
        count = sum(1 for record in FastIterator(handle) if record.reader.read() is not None)
    print(f"  FastWARC  {count} records in {time.perf_counter() - started:.3f} s")


def compare_extractors(items: list[tuple[str, bytes]], texts: list[str]) -> None:
    import justext
    from trafilatura import extract

    def words(text: str) -> set[str]:
        return set(text.lower().split())

    extractors = {
        "trafilatura precision": lambda html: extract(html, favor_precision=True, include_comments=False),
        "trafilatura default": lambda html: extract(html, include_comments=False),
        "jusText": lambda html: "\n".join(p.text for p in justext.justext(
            html.encode("utf-8"), justext.get_stoplist("Russian")) if not p.is_boilerplate),
    }
    decoded = [html_page.decode_page(body)[0] for _, body in items]
    for name, run in extractors.items():
        started = time.perf_counter()
        outputs = [run(html) or "" for html in decoded]
        seconds = time.perf_counter() - started
        chrome = sum(1 for out in outputs for word in CHROME if word in out)
        recall = sum(len(words(out) & words(text)) / len(words(text)) for out, text in zip(outputs, texts))
        print(f"  {name:22} chrome phrases left in {chrome:4d}  article words kept {recall / len(texts):6.1%}"
              f"  {len(items) / seconds:6.0f} pages/s")


def cli_run(folder: Path, db: Path) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "flows.cli", "run", str(folder), "--db", str(db)],
                   cwd=PROJECT_ROOT, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300, help="pages (Lenta articles) to wrap")
    parser.add_argument("--nlp", type=int, default=0, help="also time NLP extraction on N texts")
    parser.add_argument("--run", action="store_true", help="khronika run on the pages vs on JSONL")
    parser.add_argument("--compare", action="store_true", help="warcio vs FastWARC, extractors")
    args = parser.parse_args()
    if not CORPUS.exists():
        print(f"skipped: {CORPUS} not found")
        return 0
    texts = [line for line in CORPUS.read_text(encoding="utf-8").split("\n") if line.strip()][: args.n]
    items = pages(texts)
    limits = Limits()
    with tempfile.TemporaryDirectory() as tmp:
        html_dir, warc_dir = Path(tmp) / "html", Path(tmp) / "warc"
        html_dir.mkdir()
        warc_dir.mkdir()
        for n, (_, body) in enumerate(items):
            (html_dir / f"{n:05d}.html").write_bytes(body)
        write_warc(warc_dir / "crawl.warc.gz", items)
        print(f"{len(items)} pages, {sum(len(body) for _, body in items) / len(items) / 1024:.1f} KB each")
        for name, folder in (("html", html_dir), ("warc", warc_dir)):
            articles, seconds, extracting = ingest(folder, limits)
            print(f"{name:5} {len(articles):5d} articles  {seconds:6.2f} s  {len(articles) / seconds:6.0f} pages/s"
                  f"  main-text extraction {extracting / seconds:5.1%} of ingest"
                  f" ({extracting / len(articles) * 1000:.1f} ms a page)")
        started = time.perf_counter()
        for article in articles:
            signature(article["text"])
        fingerprint_ms = (time.perf_counter() - started) / len(articles) * 1000
        print(f"duplicate fingerprint {fingerprint_ms:.2f} ms an article")
        if args.nlp:
            from tasks.nlp.extract import extract_article
            from tasks.nlp.models import load_models

            models = load_models()
            sample = articles[: args.nlp]
            started = time.perf_counter()
            for article in sample:
                extract_article(article, models)
            nlp_ms = (time.perf_counter() - started) / len(sample) * 1000
            print(f"NLP extraction {nlp_ms:.1f} ms an article (one process): main-text extraction is"
                  f" {extracting / len(articles) * 1000 / nlp_ms:.1%} of it")
        if args.run:
            jsonl_dir = Path(tmp) / "jsonl"
            jsonl_dir.mkdir()
            (jsonl_dir / "lenta.jsonl").write_text("".join(
                json.dumps({"id": n, "text": a["text"]}, ensure_ascii=False) + "\n"
                for n, a in enumerate(articles)), encoding="utf-8")
            # Alternated and repeated: the first run of a process tree pays cold caches.
            timed: dict[str, list[float]] = {"jsonl": [], "html": []}
            for round_ in range(2):
                for name, folder in (("jsonl", jsonl_dir), ("html", html_dir)):
                    timed[name].append(cli_run(folder, Path(tmp) / f"{name}{round_}.duckdb"))
            jsonl, html = min(timed["jsonl"]), min(timed["html"])
            print(f"khronika run, {len(articles)} articles, best of 2: JSONL {jsonl:.1f} s, HTML pages "
                  f"{html:.1f} s ({html / jsonl - 1:+.0%}); all: {timed}")
        if args.compare:
            print("WARC readers, the same archive:")
            compare_warc_readers(warc_dir / "crawl.warc.gz")
            print("main-text extractors, the same pages:")
            compare_extractors(items, texts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
