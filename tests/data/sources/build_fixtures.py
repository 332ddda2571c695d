"""Builds the source fixtures in this folder (committed; rerun after changing this script).

    PYTHONPATH=. python tests/data/sources/build_fixtures.py

The pages wrap real article texts (Lenta.ru lines from ../shared/corpora/lenta_1000.txt, copied
into lenta_texts.txt here, and the seed article) in the chrome of a Russian news site: a
cookie banner, navigation, breadcrumbs, share buttons, a "Читайте также" box, comments and a
footer. The WARC is written with warcio, the library ingest reads it with.
"""
from __future__ import annotations

import io
import json
import re
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HERE = Path(__file__).resolve().parent
SEED = HERE.parent.parent.parent / "seeds" / "000_210788246a6fa90d.txt"
# Three Lenta texts: lines 1, 2 and 12 of lenta_1000.txt.
LENTA = (HERE / "lenta_texts.txt").read_text(encoding="utf-8").splitlines()

PAGE = """<!DOCTYPE html>
<html lang="ru">
<head>
<meta {charset_meta}>
<title>{title} - Новости - Лента.ру</title>
<link rel="canonical" href="{url}">
<meta property="og:title" content="{title}">
<meta property="og:url" content="{url}">
<meta property="og:site_name" content="Лента.ру">
<meta property="article:published_time" content="{published}">
<link rel="stylesheet" href="/static/main.css">
<script>window.dataLayer = window.dataLayer || []; function gtag(){{dataLayer.push(arguments);}}</script>
</head>
<body>
<div class="cookie-banner" id="cookies">Мы используем файлы cookie, чтобы сайт работал лучше.
Продолжая пользоваться сайтом, вы соглашаетесь с политикой конфиденциальности. <button>Принять</button></div>
<header class="header">
  <a class="logo" href="/">Лента.ру</a>
  <nav class="menu"><ul>
    <li><a href="/rubrics/russia/">Россия</a></li><li><a href="/rubrics/world/">Мир</a></li>
    <li><a href="/rubrics/ussr/">Бывший СССР</a></li><li><a href="/rubrics/economics/">Экономика</a></li>
    <li><a href="/rubrics/science/">Наука и техника</a></li><li><a href="/rubrics/culture/">Культура</a></li>
    <li><a href="/rubrics/sport/">Спорт</a></li><li><a href="/rubrics/life/">Из жизни</a></li>
  </ul></nav>
  <form class="search"><input type="search" placeholder="Поиск по сайту"></form>
</header>
<main class="layout">
<div class="breadcrumbs"><a href="/">Главная</a> / <a href="/rubrics/world/">{rubric}</a></div>
<article class="topic-body">
  <h1 class="topic-body__title">{title}</h1>
  <time class="topic-header__time" datetime="{published}">{published_human}</time>
  <div class="topic-body__content" itemprop="articleBody">
{paragraphs}
  </div>
  <div class="share">Поделиться: <a href="#">ВКонтакте</a> <a href="#">Одноклассники</a> <a href="#">Telegram</a></div>
</article>
<aside class="related">
  <h2>Читайте также</h2>
  <ul>
    <li><a href="/news/2025/10/28/kurs/">Курс доллара опустился ниже 80 рублей впервые с июля</a></li>
    <li><a href="/news/2025/10/28/pogoda/">Синоптики пообещали москвичам мокрый снег в выходные</a></li>
    <li><a href="/news/2025/10/27/match/">«Спартак» обыграл «Зенит» в дерби и вышел в лидеры</a></li>
  </ul>
</aside>
<section class="comments" id="comments">
  <h2>Комментарии (3)</h2>
  <div class="comment"><span class="comment__author">Иван_Петров</span>
    <p class="comment__text">Давно пора было этим заняться, сколько можно ждать.</p></div>
  <div class="comment"><span class="comment__author">olga1987</span>
    <p class="comment__text">А в регионах про это опять никто не узнает.</p></div>
  <div class="comment"><span class="comment__author">Наблюдатель</span>
    <p class="comment__text">Интересно, что скажут через год.</p></div>
  <form class="comment-form"><textarea placeholder="Написать комментарий"></textarea></form>
</section>
</main>
<footer class="footer">
  <ul><li><a href="/about/">О проекте</a></li><li><a href="/ads/">Реклама</a></li>
  <li><a href="/rss/">RSS</a></li><li><a href="/contacts/">Контакты</a></li></ul>
  <p>© 1999–2025 ООО «Лента.ру». Все права защищены. 18+</p>
  <p>Сетевое издание «Лента.ру» зарегистрировано Федеральной службой по надзору в сфере связи.</p>
</footer>
</body>
</html>
"""

NO_ARTICLE = PAGE.split("<article")[0] + "</main>\n" + PAGE.split("</main>")[1]

MONTHS = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
          "октября", "ноября", "декабря"]


def paragraphs(text: str) -> list[str]:
    """The seed keeps its own paragraphs; a one-line Lenta text is cut every two sentences."""
    if "\n" in text:
        return [line for line in text.splitlines() if line.strip()]
    sentences = re.split(r"(?<=[.!?»])\s+(?=[А-ЯЁA-Z«])", text.strip())
    return [" ".join(sentences[i:i + 2]) for i in range(0, len(sentences), 2)]


def page(text: str, title: str, url: str, published: str, charset_meta: str, rubric: str = "Мир"
         ) -> str:
    year, month, day = published[:10].split("-")
    body = "\n".join(f"    <p>{line}</p>" for line in paragraphs(text))
    return PAGE.format(
        charset_meta=charset_meta, title=title, url=url, published=published, rubric=rubric,
        published_human=f"{int(day)} {MONTHS[int(month) - 1]} {year}, {published[11:16]}",
        paragraphs=body,
    )


PAGES = {
    # name: (text, title, url, published, charset)
    "lenta_olimpstroy.html": (
        LENTA[0], "Боллоев возглавил «Олимпстрой»",
        "https://lenta.ru/news/2009/05/13/bolloev/", "2009-05-13T12:40:00+04:00", "utf-8"),
    "lenta_qubit.cp1251.html": (
        LENTA[1], "Физики установили рекорд квантовых вычислений",
        "https://lenta.ru/news/2013/10/14/qubit/", "2013-10-14T09:15:00+04:00", "windows-1251"),
    "seed_putin_aliyev.html": (
        SEED.read_text(encoding="utf-8"), "Песков оценил встречу Путина и Алиева",
        "https://lenta.ru/news/2025/10/29/peskov/", "2025-10-29T16:20:00+03:00", "utf-8"),
}


def charset_meta(charset: str) -> str:
    if charset == "utf-8":
        return 'charset="utf-8"'
    return f'http-equiv="Content-Type" content="text/html; charset={charset}"'


def build_pages() -> dict[str, bytes]:
    built = {}
    for name, (text, title, url, published, charset) in PAGES.items():
        html = page(text, title, url, published, charset_meta(charset))
        built[name] = html.encode(charset)
        (HERE / name).write_bytes(built[name])
    no_article = NO_ARTICLE.format(charset_meta=charset_meta("utf-8"), title="Главная",
                                   url="https://lenta.ru/", published="2025-10-29T00:00:00+03:00",
                                   rubric="Главная", published_human="")
    (HERE / "no_article.html").write_text(no_article, encoding="utf-8")
    return built


def build_warc(pages: dict[str, bytes]) -> None:
    """A crawl of three pages (the third syndicates the first) plus the records a crawler also
    writes: requests, metadata, an image, a 404, a redirect and binary served as text/html."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    syndicated = pages["lenta_olimpstroy.html"].replace(
        b"https://lenta.ru/news/2009/05/13/bolloev/", b"https://regnum.example/news/bolloev.html")
    crawl = [
        ("https://lenta.ru/news/2009/05/13/bolloev/", pages["lenta_olimpstroy.html"],
         "text/html; charset=utf-8", "200 OK"),
        ("https://lenta.ru/news/2013/10/14/qubit/", pages["lenta_qubit.cp1251.html"],
         "text/html; charset=windows-1251", "200 OK"),
        ("https://lenta.ru/static/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
         "image/png", "200 OK"),
        ("https://lenta.ru/news/2009/05/13/missing/", b"<html><body>Not found</body></html>",
         "text/html", "404 Not Found"),
        ("https://regnum.example/news/bolloev.html", syndicated, "text/html", "200 OK"),
        ("http://lenta.ru/news/2013/10/14/qubit/", b"", "text/html", "301 Moved Permanently"),
        # A server answering text/html with a JPEG.
        ("https://lenta.ru/news/2013/10/14/photo/", bytes.fromhex("ffd8ffe000104a464946000101") * 40,
         "text/html", "200 OK"),
    ]
    for number, (url, body, content_type, status) in enumerate(crawl):
        request = writer.create_warc_record(
            url, "request", payload=io.BytesIO(b""),
            http_headers=StatusAndHeaders(f"GET {url} HTTP/1.1", [("Host", url.split("/")[2])],
                                          is_http_request=True))
        writer.write_record(request)
        headers = StatusAndHeaders(status, [("Content-Type", content_type),
                                            ("Content-Length", str(len(body)))],
                                   protocol="HTTP/1.1")
        record = writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), http_headers=headers,
            warc_headers_dict={"WARC-Date": f"2025-10-30T0{number}:00:00Z"})
        writer.write_record(record)
    writer.write_record(writer.create_warc_record(
        "metadata:crawl", "metadata", payload=io.BytesIO(b"crawler: test\n"),
        warc_content_type="text/plain"))
    (HERE / "crawl.warc.gz").write_bytes(out.getvalue())


FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
<title>Лента.ру : Новости</title>
<link>https://lenta.ru</link>
<description>Новости, статьи, фотографии, видео. Семь дней в неделю, 24 часа в сутки.</description>
<language>ru</language>
<item>
  <title>Боллоев возглавил «Олимпстрой»</title>
  <link>https://lenta.ru/news/2009/05/13/bolloev/</link>
  <guid>https://lenta.ru/news/2009/05/13/bolloev/</guid>
  <pubDate>Wed, 13 May 2009 12:40:00 +0400</pubDate>
  <description><![CDATA[<p>{lead0}</p>]]></description>
  <content:encoded><![CDATA[{body0}]]></content:encoded>
  <category>Россия</category>
</item>
<item>
  <title>Физики установили рекорд квантовых вычислений</title>
  <link>https://lenta.ru/news/2013/10/14/qubit/</link>
  <guid>https://lenta.ru/news/2013/10/14/qubit/</guid>
  <pubDate>Mon, 14 Oct 2013 09:15:00 +0400</pubDate>
  <description><![CDATA[{body1}]]></description>
</item>
<item>
  <title>Новость без текста</title>
  <link>https://lenta.ru/news/2013/10/14/empty/</link>
</item>
</channel>
</rss>
"""


ATOM = """<?xml version="1.0" encoding="windows-1251"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Лента.ру : Наука</title>
  <id>https://lenta.ru/rubrics/science/</id>
  <updated>2013-10-14T09:15:00+04:00</updated>
  <entry>
    <title>Физики установили рекорд квантовых вычислений</title>
    <link rel="alternate" href="https://lenta.ru/news/2013/10/14/qubit/"/>
    <id>tag:lenta.ru,2013:qubit</id>
    <published>2013-10-14T09:15:00+04:00</published>
    <updated>2013-10-14T10:00:00+04:00</updated>
    <summary>{lead}</summary>
    <content type="html">{body}</content>
  </entry>
</feed>
"""


def build_feed() -> None:
    body0 = "".join(f"<p>{line}</p>" for line in paragraphs(LENTA[0]))
    body1 = "".join(f"<p>{line}</p>" for line in paragraphs(LENTA[1]))
    feed = FEED.format(lead0=paragraphs(LENTA[0])[0], body0=body0, body1=body1)
    (HERE / "lenta.rss").write_text(feed, encoding="utf-8")
    broken = feed[: feed.index("<item>", feed.index("<item>") + 1)] + "<item><title>Обрыв"
    (HERE / "broken.rss").write_text(broken, encoding="utf-8")
    escaped = body1.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    atom = ATOM.format(lead=paragraphs(LENTA[1])[0], body=escaped)
    (HERE / "lenta_science.atom").write_bytes(atom.encode("cp1251"))


def build_newsplease() -> None:
    """The layout news-please writes (one article per file), and a list of two."""
    record = {
        "authors": [], "date_download": "2025-10-30 08:00:00", "date_modify": None,
        "date_publish": "2013-10-14 09:15:00", "description": paragraphs(LENTA[1])[0],
        "filename": "https%3A%2F%2Flenta.ru%2Fnews%2F2013%2F10%2F14%2Fqubit%2F.json",
        "image_url": "https://icdn.lenta.ru/images/qubit.jpg", "language": "ru",
        "localpath": None, "maintext": LENTA[1],
        "source_domain": "lenta.ru", "title": "Физики установили рекорд квантовых вычислений",
        "title_page": None, "title_rss": None, "url": "https://lenta.ru/news/2013/10/14/qubit/",
    }
    (HERE / "newsplease_qubit.json").write_text(json.dumps(record, ensure_ascii=False, indent=1),
                                                encoding="utf-8")
    custom = [{"headline": "Боллоев возглавил «Олимпстрой»", "body": LENTA[2],
               "link": "https://lenta.ru/news/2009/05/13/bolloev/", "when": "13.05.2009 12:40",
               "site": "lenta.ru"}]
    mapped = HERE / "mapped"
    mapped.mkdir(exist_ok=True)
    (mapped / "export.json").write_text(json.dumps(custom, ensure_ascii=False, indent=1),
                                        encoding="utf-8")


if __name__ == "__main__":
    built = build_pages()
    build_warc(built)
    build_feed()
    build_newsplease()
