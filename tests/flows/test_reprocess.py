import pytest

from flows.etl import etl
from flows.reprocess import reprocess
from tasks.ingest.stored import Selection
from tests.warehouse_checks import rows


def count(db, sql, params=None):
    return rows(db, sql, params)[0][0]


def test_selection_must_name_articles():
    with pytest.raises(ValueError, match="say which articles"):
        Selection().check()
    with pytest.raises(ValueError, match="after"):
        Selection(all_articles=True, date_from=__import__("datetime").date(2025, 2, 1),
                  date_to=__import__("datetime").date(2025, 1, 1)).check()


@pytest.mark.server
def test_reprocess_adds_derived_versions_and_keeps_articles(seeds_copy, tmp_path):
    db = str(tmp_path / "w.duckdb")
    first = etl(sources=[str(seeds_copy)], db=db)
    articles_before = count(db, "SELECT count(*) FROM articles_history")
    mentions_now = count(db, "SELECT count(*) FROM mentions")

    # Same extractor version: nothing is stale, nothing to do unless forced.
    assert reprocess(all_articles=True, db=db)["articles_extracted"] == 0
    forced = reprocess(all_articles=True, skip_current=False, db=db)
    assert forced["articles_extracted"] == count(db, "SELECT count(*) FROM articles")

    assert count(db, "SELECT count(*) FROM articles_history") == articles_before
    assert count(db, "SELECT count(*) FROM mentions") == mentions_now
    assert count(db, "SELECT count(DISTINCT run_id) FROM mentions") == 1
    assert count(db, "SELECT max(run_id) FROM mentions") == forced["run_id"]
    # The first extraction stays queryable as of the first run.
    assert count(db, "SELECT count(*) FROM mentions_as_of($n)", {"n": first["run_id"]}) == mentions_now
    assert count(db, "SELECT max(run_id) FROM mentions_as_of($n)", {"n": first["run_id"]}) == first["run_id"]
