import pytest

"""The whole path on seeds/, through the real flow, checked on concrete rows."""

import psutil

from flows.etl import etl
from flows.steps import run as run_steps
from tasks.nlp.entities import entity_id_for
from tests.warehouse_checks import rows


def test_seed_article_entities_are_in_the_warehouse(seed_warehouse):
    names = set(rows(seed_warehouse, "SELECT type, name FROM entities"))
    assert {("PER", "Владимир Путин"), ("PER", "Ильхам Алиев"), ("LOC", "Душанбе"),
            ("ORG", "Сабаильский районный суд")} <= names


def test_every_putin_mention_resolves_to_vladimir_putin(seed_warehouse):
    found = rows(seed_warehouse, """
        SELECT m.text, e.name FROM mentions m JOIN entities e USING (entity_id)
        JOIN articles a USING (article_id)
        WHERE m.text LIKE 'Путин%' AND a.source_path LIKE '%000_210788246a6fa90d.txt'""")
    assert len(found) >= 5
    assert {name for _, name in found} == {"Владимир Путин"}


def test_offsets_index_the_unchanged_text(seed_warehouse):
    mismatches = rows(seed_warehouse, """
        SELECT count(*) FROM mentions m JOIN articles a USING (article_id)
        WHERE substring(a.text, m.start + 1, m.stop - m.start) <> m.text""")
    assert mismatches == [(0,)]


def test_run_row_is_committed_with_counts(seed_run):
    summary = seed_run["summary"]
    (status, files_seen, mentions, flow_run_id), = rows(
        seed_run["db"], "SELECT status, files_seen, mentions, flow_run_id FROM runs WHERE run_id = $r",
        {"r": summary["run_id"]})
    assert status == "committed"
    assert files_seen == summary["files_seen"] >= 1
    assert mentions == summary["mentions"] > 0
    assert flow_run_id == summary["flow_run_id"]
    assert rows(seed_run["db"], "SELECT count(*) FROM dq_checks WHERE run_id = $r AND kind = 'audit'",
                {"r": summary["run_id"]})[0][0] >= 4


def _version_counts(db):
    return rows(db, """SELECT (SELECT count(*) FROM articles_history), (SELECT count(*) FROM mentions_history),
                              (SELECT count(*) FROM entities_history), (SELECT count(*) FROM extractions)""")[0]


@pytest.mark.server
def test_rerun_adds_no_versions_and_changed_text_adds_one(seeds_copy, tmp_path, monkeypatch):
    db = str(tmp_path / "w.duckdb")
    first = etl(sources=[str(seeds_copy)], db=db)
    before = _version_counts(db)
    pools = []
    start = run_steps.ExtractionPool.start
    monkeypatch.setattr(run_steps.ExtractionPool, "start", lambda workers=None: pools.append(workers) or start(workers))
    second = etl(sources=[str(seeds_copy)], db=db)
    assert pools == []   # nothing new to read: no extraction workers started
    assert _version_counts(db) == before
    assert second["articles_new"] == second["articles_changed"] == 0
    assert second["files_seen"] == first["files_seen"]
    assert second["files_unchanged"] == first["files_loaded"] > 0
    assert second["files_skipped"] == first["files_skipped"]
    assert not live_pool_workers()  # the workers started for the run stopped with it

    seed = seeds_copy / "000_210788246a6fa90d.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + "\nПутин прибыл в Минск.\n", encoding="utf-8")
    third = etl(sources=[str(seeds_copy)], db=db)
    assert third["articles_changed"] == 1 and third["articles_new"] == 0
    assert len(pools) == 1
    article_versions = rows(db, """SELECT count(*) FROM articles_history h JOIN articles a USING (article_id)
                                   WHERE a.source_path LIKE '%000_210788246a6fa90d.txt'""")[0][0]
    assert article_versions == 2
    # The current view shows the new text; as-of the first run shows the old one.
    current = rows(db, "SELECT text FROM articles WHERE source_path LIKE '%000_2107%'")[0][0]
    old = rows(db, "SELECT text FROM articles_as_of($n) WHERE source_path LIKE '%000_2107%'",
               {"n": first["run_id"]})[0][0]
    assert current.endswith("Минск.\n") and not old.endswith("Минск.\n")
    minsk = rows(db, "SELECT count(*) FROM mentions WHERE text = 'Минск'")[0][0]
    minsk_then = rows(db, "SELECT count(*) FROM mentions_as_of($n) WHERE text = 'Минск'", {"n": first["run_id"]})[0][0]
    assert (minsk, minsk_then) == (1, 0)
    putin = entity_id_for("PER", "Владимир Путин")
    assert rows(db, "SELECT count(*) FROM mentions WHERE entity_id = $e AND text = 'Путин'", {"e": putin})[0][0] >= 5


def live_pool_workers() -> list[psutil.Process]:
    """Extraction workers still alive: they fork from multiprocessing's fork server."""
    servers = [p for p in psutil.Process().children() if "forkserver" in " ".join(p.cmdline())]
    return [worker for server in servers for worker in server.children()
            if worker.status() != psutil.STATUS_ZOMBIE]
