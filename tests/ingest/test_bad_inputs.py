"""The whole bad-input corpus through discover + ingest: every file accounted for once."""
from collections import Counter
from pathlib import Path

import pytest

from tasks.ingest.discover import discover
from tasks.ingest.read_file import ingest_file
from tasks.quality.quarantine import QUARANTINE_COLUMNS
from tasks.settings import Limits
from tests.corpus_bad import RU_QUOTES, RU_TEXT, build_bad_corpus


def run(root: Path, limits: Limits = Limits()):
    files = discover([root], limits)
    return files, {file.relpath: ingest_file(file, limits) for file in files}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("bad") / "inbox"
    expected = build_bad_corpus(root)
    files, results = run(root)
    return root, expected, files, results


def test_every_file_is_seen_exactly_once(corpus):
    _, expected, files, _ = corpus
    relpaths = [file.relpath for file in files]
    assert len(relpaths) == len(set(relpaths))
    assert sorted(relpaths) == sorted(expected)


def test_each_file_gets_its_expected_status(corpus):
    _, expected, _, results = corpus
    assert {relpath: result.status for relpath, result in results.items()} == expected


def test_counts_balance(corpus):
    _, expected, files, results = corpus
    counts = Counter(result.status for result in results.values())
    assert counts == Counter(expected.values())
    assert counts["loaded"] + counts["quarantined"] + counts["skipped"] == len(files)
    assert counts["loaded"] > 0 and counts["quarantined"] > 0 and counts["skipped"] > 0


def test_not_loaded_files_say_why(corpus):
    _, _, _, results = corpus
    for relpath, result in results.items():
        if result.status == "loaded":
            assert result.articles, relpath
        else:
            assert result.articles == [], relpath
            assert result.reason and result.reason.strip(), relpath
        if result.status == "quarantined":
            assert result.quarantine, relpath
        for row in result.quarantine:
            assert list(row) == QUARANTINE_COLUMNS
            assert row["stage"] == "ingest" and row["reason"].strip()
            assert row["source_path"] == result.file.path


def test_specific_reasons(corpus):
    _, _, _, results = corpus
    reasons = {relpath: result.reason for relpath, result in results.items()}
    assert reasons["empty.txt"] == reasons["whitespace_only.txt"] == "empty"
    assert reasons["binary_nul.txt"].startswith("binary content")
    assert reasons["image_renamed.txt"].startswith("binary content")
    assert reasons["image.png"] == "unsupported format .png"
    assert reasons["invalid_utf8.txt"].startswith("undecodable")
    assert reasons["truncated.txt.gz"].startswith("corrupt or truncated gzip")
    assert reasons["syntax_error.json"].startswith("JSON syntax error")
    assert reasons["broken_quoting.csv"].startswith("CSV parse error")
    assert reasons["long_line_no_spaces.txt"].startswith("text too long")
    assert reasons["dangling.txt"] == "dangling symlink"
    assert reasons["loop_a.txt"] == reasons["loop_b.txt"] == "symlink loop"
    assert reasons["escape.txt"] == "symlink points outside the source root"
    assert reasons["pipe.txt"] == "not a regular file"
    assert reasons["only_bad_records.jsonl"] == "no usable records (4 quarantined)"
    assert reasons["web/no_article.html"].startswith("no article text found in the page")
    assert reasons["web/binary.html"].startswith("binary content served as HTML (NUL byte")
    assert reasons["web/deep_nesting.html"] == (
        "HTML nested too deeply (libxml2: Excessive depth in document: 256, use XML_PARSE_HUGE option)")
    assert "archive damaged at record 4" in reasons["web/cut.warc.gz"]
    assert "archive damaged at record 2" in reasons["web/cut_in_first_page.warc.gz"]
    assert reasons["web/broken.rss"].startswith("feed is not well-formed XML at line 17")
    assert reasons["web/huge_attribute.html"].startswith("HTML with a giant attribute or text run (libxml2: ")


def test_mixed_records_load_the_good_ones(corpus):
    _, _, _, results = corpus
    result = results["mixed_records.jsonl"]
    assert [a["text"] for a in result.articles] == [RU_TEXT, RU_QUOTES]
    rows = [row["reason"] for row in result.quarantine]
    assert rows[:4] == [
        "line 2: text is an integer, expected a string",
        "line 3: missing text",
        "line 4: record is not an object (null)",
        "line 5: record is not an object (a list)",
    ]
    assert rows[4].startswith("line 6: invalid JSON")
    assert rows[5] == "line 7: unparseable published_at; article loaded with it null"


def test_decoded_texts_are_the_originals(corpus):
    root, _, _, results = corpus
    assert results["cp1251.txt"].articles[0]["text"] == RU_TEXT + RU_QUOTES
    assert results["koi8r.txt"].articles[0]["text"] == RU_TEXT
    assert results["utf8_bom.txt"].articles[0]["text"] == RU_TEXT
    assert [results[n].encoding for n in ("cp1251.txt", "koi8r.txt", "utf8_bom.txt")] == [
        "cp1251", "koi8-r", "utf-8-sig",
    ]
    markup = (root / "markup.txt").read_text(encoding="utf-8")
    assert results["markup.txt"].articles[0]["text"] == markup
    assert results["new\nline.txt"].articles[0]["source_path"] == str(root / "new\nline.txt")


def test_same_id_in_two_files_are_two_articles(corpus):
    _, _, _, results = corpus
    a = results["same_id_a.jsonl"].articles[0]
    b = results["same_id_b.jsonl"].articles[0]
    assert a["source_id"] == b["source_id"] == "42"
    assert a["article_id"] != b["article_id"]


def test_article_ids_are_unique_across_the_corpus(corpus):
    _, _, _, results = corpus
    ids = [a["article_id"] for result in results.values() for a in result.articles]
    assert len(ids) == len(set(ids))


@pytest.mark.slow
def test_30mb_file_is_quarantined(tmp_path):
    expected = build_bad_corpus(tmp_path, include_large=True)
    files, results = run(tmp_path)
    assert {relpath: result.status for relpath, result in results.items()} == expected
    large = results["large_30mb.txt"]
    assert large.file.size > 30 * 1024 * 1024
    assert large.reason == f"text too long (over the limit of {Limits().max_article_chars} chars)"
    # Under a smaller file limit it is refused before being read at all.
    files = {file.relpath: file for file in discover([tmp_path], Limits(max_file_bytes=10 << 20))}
    assert files["large_30mb.txt"].status == "quarantined"
    assert files["large_30mb.txt"].reason.startswith("file too large (")
    assert files["large_30mb.txt"].content_hash is None


@pytest.mark.server
def test_the_flow_completes_on_the_corpus_and_its_ledger_balances(corpus, tmp_path):
    from flows.etl import etl
    from tests.warehouse_checks import rows

    root, expected, _, _ = corpus
    db = tmp_path / "w.duckdb"
    first = etl(sources=[str(root)], db=str(db))
    ledger = dict(rows(db, "SELECT path, status FROM ingest_files WHERE run_id = $r",
                         {"r": first["run_id"]}))
    assert ledger == {str(root / relpath): status for relpath, status in expected.items()}
    (run,) = rows(db, """SELECT status, files_seen, files_loaded, files_unchanged,
                                  files_quarantined, files_skipped FROM runs WHERE run_id = $r""",
                    {"r": first["run_id"]})
    status, seen, loaded, unchanged, quarantined, skipped = run
    assert status == "committed"
    assert seen == len(expected) == loaded + unchanged + quarantined + skipped
    wanted = Counter(expected.values())
    assert (loaded, quarantined, skipped) == (wanted["loaded"], wanted["quarantined"], wanted["skipped"])
    without_reason = rows(db, """
        SELECT path FROM ingest_files WHERE run_id = $r
        AND status IN ('quarantined', 'skipped') AND coalesce(reason, '') = ''""",
        {"r": first["run_id"]})
    assert without_reason == []
    quarantined_paths = {path for (path,) in rows(
        db, "SELECT DISTINCT source_path FROM quarantine WHERE run_id = $r", {"r": first["run_id"]})}
    assert {str(root / r) for r, s in expected.items() if s == "quarantined"} <= quarantined_paths

    # Same inputs again: loaded files become unchanged, and so do the files the first run read
    # and refused (remembered, not re-quarantined); nothing new is versioned.
    refused_after_reading = rows(db, """SELECT count(*) FROM ingest_files WHERE run_id = $r
                                        AND status = 'quarantined' AND content_hash IS NOT NULL""",
                                 {"r": first["run_id"]})[0][0]
    assert refused_after_reading > 0
    articles = rows(db, "SELECT count(*) FROM articles_history")
    second = etl(sources=[str(root)], db=str(db))
    assert second["files_seen"] == seen
    assert (second["files_loaded"], second["files_unchanged"]) == (0, loaded + refused_after_reading)
    assert second["files_quarantined"] == quarantined - refused_after_reading
    assert rows(db, "SELECT count(*) FROM articles_history") == articles
