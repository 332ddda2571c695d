"""A folder of inputs a nightly job must survive, with the status each file must end with.

Russian text comes from tests/data (sentences of the seed article).
"""
from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

from tests.conftest import DATA
from tests.corpus_bad_sources import build_bad_sources

RU_TEXT = (DATA / "ru_article.txt").read_text(encoding="utf-8")
RU_QUOTES = (DATA / "ru_quotes.txt").read_text(encoding="utf-8")
ENGLISH_TEXT = (
    "Moscow highly appreciates the results of the meeting between the presidents of Russia and "
    "Azerbaijan in Dushanbe, the Kremlin spokesman said.\n"
)
# The first bytes of a real PNG: signature, then the IHDR chunk of a 1x1 image.
PNG_BYTES = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d4944415478da63f8ffff3f0005fe02fea7d6a4a60000000049454e44ae426082"
)
LARGE_FILE_BYTES = 30 * 1024 * 1024


def build_bad_corpus(directory: Path, include_large: bool = False) -> dict[str, str]:
    """Write the corpus into ``directory``; return relpath -> expected status.

    ``include_large`` adds a 30 MB text file (slow to write and read, so opt-in).
    """
    directory.mkdir(parents=True, exist_ok=True)
    expected: dict[str, str] = {}

    def write(name: str, content: bytes | str, status: str) -> Path:
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        expected[name] = status
        return path

    def link(name: str, target: str | Path, status: str = "skipped") -> None:
        os.symlink(target, directory / name)
        expected[name] = status

    write("empty.txt", b"", "quarantined")
    write("whitespace_only.txt", " \n\t\r\n   \n", "quarantined")
    write("binary_nul.txt", RU_TEXT.encode("utf-8")[:200] + b"\x00\x01\x02" * 50, "quarantined")
    write("invalid_utf8.txt", _broken_utf8(RU_TEXT), "quarantined")
    write("cp1251.txt", (RU_TEXT + RU_QUOTES).encode("cp1251"), "loaded")
    write("koi8r.txt", RU_TEXT.encode("koi8-r"), "loaded")
    write("utf8_bom.txt", b"\xef\xbb\xbf" + RU_TEXT.encode("utf-8"), "loaded")
    write("long_line_no_spaces.txt", "Душанбе" * (1024 * 1024 // 14 + 1), "quarantined")
    write("truncated.txt.gz", gzip.compress(RU_TEXT.encode("utf-8") * 20)[:-40], "quarantined")
    write("syntax_error.json", '[{"id": 1, "text": "Москва"},\n {"id": 2, "text": }]',
          "quarantined")
    write("mixed_records.jsonl", "\n".join([
        json.dumps({"id": 1, "text": RU_TEXT}, ensure_ascii=False),
        json.dumps({"id": 2, "text": 42}),
        json.dumps({"id": 3, "title": "без текста"}, ensure_ascii=False),
        "null",
        "[]",
        '{"id": 6, "text": "оборванная строка',
        json.dumps({"id": 7, "text": RU_QUOTES, "published_at": "вчера"}, ensure_ascii=False),
    ]) + "\n", "loaded")
    # One impossible value costs that value (a quarantine row), never the file or the run.
    write("impossible_date.md", f"---\ntitle: Встреча\npublished_at: 2025-02-30\n---\n{RU_TEXT}", "loaded")
    write("hour_25.md", f"---\npublished_at: 2025-02-10T25:00:00\n---\n{RU_TEXT}", "loaded")
    write("deep_front_matter.md", f"---\na: {'[' * 5000}{']' * 5000}\n---\n{RU_TEXT}", "loaded")
    write("offset_overflow.jsonl", "\n".join([
        json.dumps({"id": 1, "text": RU_TEXT, "published_at": "0001-01-01T00:30:00+05:00"}, ensure_ascii=False),
        json.dumps({"id": 2, "text": RU_QUOTES, "published_at": "9999-12-31T23:30:00-05:00"}, ensure_ascii=False),
        json.dumps({"id": "x" * 100_000, "text": RU_TEXT}, ensure_ascii=False),
    ]) + "\n", "loaded")
    write("only_bad_records.jsonl", 'null\n[]\n{"text": null}\n{"text": "   "}\n', "quarantined")
    write("broken_quoting.csv",
          f'id,title,text\n1,"Встреча,"{RU_TEXT[:80]}\n2,"Песков,"незакрытая кавычка\n',
          "quarantined")
    write("same_id_a.jsonl", json.dumps({"id": "42", "text": RU_TEXT}, ensure_ascii=False) + "\n",
          "loaded")
    write("same_id_b.jsonl",
          json.dumps({"id": "42", "text": RU_QUOTES}, ensure_ascii=False) + "\n", "loaded")
    write("english.txt", ENGLISH_TEXT, "loaded")
    write("markup.txt", f"<html><body><h1>Новости</h1><p>{RU_QUOTES}</p></body></html>\n",
          "loaded")
    write("image.png", PNG_BYTES, "quarantined")
    write("image_renamed.txt", PNG_BYTES, "quarantined")
    link("dangling.txt", directory / "no_such_file.txt")
    link("loop_a.txt", directory / "loop_b.txt")
    link("loop_b.txt", directory / "loop_a.txt")
    link("escape.txt", Path(__file__).resolve())
    write(".hidden.txt", RU_TEXT, "skipped")
    os.mkfifo(directory / "pipe.txt")
    expected["pipe.txt"] = "skipped"
    write("nested/inner.txt", RU_TEXT, "loaded")
    link("nested/up", "..")
    for name in ("quote's \"name\".txt", "semi;colon.txt", "with space.txt", "new\nline.txt",
                 "Кириллица в имени.txt"):
        write(name, RU_TEXT, "loaded")
    # Bytes that are not UTF-8 in a name: listed under a printable form of it.
    with open(os.path.join(os.fsencode(directory), b"latin1_caf\xe9.txt"), "wb") as handle:
        handle.write(RU_TEXT.encode("utf-8"))
    expected["latin1_caf\\xe9.txt"] = "skipped"
    expected.update({f"web/{name}": status
                     for name, status in build_bad_sources(directory / "web").items()})
    if include_large:
        line = (RU_TEXT.replace("\n", " ") + "\n").encode("utf-8")
        write("large_30mb.txt", line * (LARGE_FILE_BYTES // len(line) + 1), "quarantined")
    return expected


def _broken_utf8(text: str) -> bytes:
    """UTF-8 with the second byte of every fifth Cyrillic letter cut out."""
    out = bytearray()
    for index, char in enumerate(text):
        encoded = char.encode("utf-8")
        out += encoded[:1] if len(encoded) == 2 and index % 5 == 0 else encoded
    return bytes(out)
