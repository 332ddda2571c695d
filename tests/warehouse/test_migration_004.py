"""Migration 004 (web sources, syndicated copies) upgrades a warehouse the previous code wrote."""
import duckdb
import polars as pl

from tasks.ingest.discover import discover
from tasks.ingest.intake import stage_articles
from tasks.settings import SEEDS_DIR, Limits
from tasks.warehouse.connect import connect
from tasks.warehouse.load import RUN_COUNTS, load_run
from tasks.warehouse.migrate import apply_migrations
from tasks.warehouse.runs import WarehouseState, begin_run, read_state
from tasks.warehouse.sql import sql_file
from tasks.warehouse.staging import Staging
from tests.corpus_bad_sources import SOURCES

NEW_COLUMNS = ["raw_hash", "duplicate_of", "text_minhash"]


def previous_warehouse(db, staging_root) -> int:
    """Schema 001-003 and one committed run of the seeds, staged as the previous code staged
    articles (without the columns 004 adds); returns the article count."""
    con = connect(db)
    apply_migrations(con, through=3)
    run_id = con.execute(sql_file("queries", "begin_run.sql"), {
        "flow_run_id": None, "flow_name": "previous", "code_version": "previous",
        "extractor_version": "previous", "model_versions": "{}", "parameters": "{}"}).fetchone()[0]
    con.close()
    staging = Staging(staging_root)
    intake = stage_articles(discover([SEEDS_DIR], Limits()), WarehouseState({}, {}, {}), Limits(), staging, 50)
    for path in intake.batches:
        pl.read_parquet(path).drop(NEW_COLUMNS).write_parquet(path)
    # What the previous code's load did with them (today's load needs the newer schema).
    con = connect(db)
    con.execute("BEGIN")
    for table, files in staging.tables().items():
        con.execute(sql_file("load", f"{table}.sql"), {"run_id": run_id, "files": files})
    con.execute(sql_file("queries", "commit_run.sql"),
                {"run_id": run_id, **dict.fromkeys(RUN_COUNTS), "entities": 0})
    con.execute("COMMIT")
    con.close()
    return intake.articles["new"]


def begin(db) -> int:
    return begin_run(db, flow_run_id=None, flow_name="test", code_version="t", extractor_version="t",
                     model_versions={}, parameters={})


def test_004_upgrades_a_previous_warehouse_in_place(tmp_path):
    db = tmp_path / "w.duckdb"
    seeds = previous_warehouse(db, tmp_path / "stage0")
    con = duckdb.connect(str(db), read_only=True)
    assert "raw_hash" not in [row[0] for row in con.execute("DESCRIBE articles_history").fetchall()]
    con.close()

    run_id = begin(db)  # a run of today's code migrates first
    con = duckdb.connect(str(db), read_only=True)
    assert 4 in {v for (v,) in con.execute("SELECT version FROM schema_migrations").fetchall()}
    columns = [row[0] for row in con.execute("DESCRIBE articles").fetchall()]
    assert columns[-3:] == NEW_COLUMNS
    assert con.execute("SELECT count(*), count(raw_hash), count(duplicate_of), count(text_minhash)"
                       " FROM articles").fetchone() == (seeds, 0, 0, 0)
    assert "num_copies" in [row[0] for row in con.execute("DESCRIBE event_clusters").fetchall()]
    con.close()

    # Today's code loads web sources into it: the syndicated copy in the crawl points to the first.
    staging = Staging(tmp_path / "stage1")
    intake = stage_articles(discover([SOURCES / "crawl.warc.gz", SOURCES / "lenta.rss"], Limits()),
                            read_state(db), Limits(), staging, 50)
    load_run(db, run_id, staging.tables(), {}, [])
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute("SELECT source_path, url, duplicate_of FROM articles WHERE raw_hash IS NOT NULL"
                       " ORDER BY source_path, url").fetchall()
    ids = dict(con.execute("SELECT url || ' ' || source_path, article_id FROM articles").fetchall())
    con.close()
    crawl, feed = str(SOURCES / "crawl.warc.gz"), str(SOURCES / "lenta.rss")
    original = ids[f"https://lenta.ru/news/2009/05/13/bolloev/ {crawl}"]
    assert rows == [
        (crawl, "https://lenta.ru/news/2009/05/13/bolloev/", None),
        (crawl, "https://lenta.ru/news/2013/10/14/qubit/", None),
        (crawl, "https://regnum.example/news/bolloev.html", original),
        # The feed carries the same two stories again: copies of the crawl's pages.
        (feed, "https://lenta.ru/news/2009/05/13/bolloev/", original),
        (feed, "https://lenta.ru/news/2013/10/14/qubit/", ids[f"https://lenta.ru/news/2013/10/14/qubit/ {crawl}"]),
    ]
    assert intake.duplicates == 3
    # The next run compares new texts with the originals stored, not the copies.
    assert sorted(article_id for article_id, _ in read_state(db).originals) == sorted(
        [original, ids[f"https://lenta.ru/news/2013/10/14/qubit/ {crawl}"]])
