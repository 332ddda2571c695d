"""The event_clusters view groups one real-world event reported by several articles."""
import datetime as dt

import duckdb
import pytest

from tasks.warehouse.migrate import apply_migrations


@pytest.fixture()
def con():
    con = duckdb.connect(":memory:")
    apply_migrations(con)
    con.execute("INSERT INTO runs (run_id, started_at, status) VALUES (1, now()::TIMESTAMP, 'committed'),"
                " (2, now()::TIMESTAMP, 'failed')")
    return con


def add_article_events(con, run_id, article_id, events):
    """events: (event_id, type, date, [(role, entity_id, name)])"""
    con.execute("INSERT INTO extractions (article_id, content_hash, extractor_version, run_id) VALUES (?, 'h', 'v', ?)", [article_id, run_id])
    for event_id, event_type, date, arguments in events:
        con.execute("INSERT INTO events_history (event_id, article_id, type, quad_class, trigger_start,"
                    " trigger_stop, trigger_text, trigger_lemma, event_date, date_precision, sentence_index,"
                    " run_id) VALUES (?, ?, ?, 'cooperation', 0, 5, 'встреча', 'встреча', ?, 'day', 0, ?)",
                    [event_id, article_id, event_type, date, run_id])
        for role, entity_id, name in arguments:
            con.execute("INSERT INTO event_arguments_history (event_id, article_id, role, start, stop, text, entity_id, run_id) VALUES (?, ?, ?, 0, 5, ?, ?, ?)",
                        [event_id, article_id, role, name, entity_id, run_id])
            con.execute("INSERT INTO entities_history VALUES (?, 'PER', ?, ?)", [entity_id, name, run_id])


def test_same_type_date_and_shared_participant_cluster_across_articles(con):
    day = dt.date(2025, 10, 9)
    putin, aliyev, tokayev = ("p", "Владимир Путин"), ("a", "Ильхам Алиев"), ("t", "Касым-Жомарт Токаев")
    add_article_events(con, 1, "A1", [("e1", "meeting", day, [("participant", *putin), ("participant", *aliyev)])])
    add_article_events(con, 1, "A2", [("e2", "meeting", day, [("participant", *aliyev)]),
                                      ("e3", "meeting", dt.date(2025, 10, 10), [("participant", *putin)]),
                                      ("e4", "phone_call", day, [("participant", *putin)])])
    # Linked only through e5 -> e6 -> e1: the components are transitive.
    add_article_events(con, 1, "A3", [("e5", "meeting", day, [("participant", *tokayev)])])
    add_article_events(con, 1, "A4", [("e6", "meeting", day, [("participant", *tokayev), ("participant", *putin)])])
    # Written by a failed run: invisible.
    add_article_events(con, 2, "A5", [("e7", "meeting", day, [("participant", *putin)])])

    rows = con.execute("SELECT cluster_id, type, event_date, participants, num_articles, num_mentions, event_ids"
                       " FROM event_clusters ORDER BY cluster_id").fetchall()
    assert rows == [
        ("e1", "meeting", day, ["Владимир Путин", "Ильхам Алиев", "Касым-Жомарт Токаев"], 4, 4,
         ["e1", "e2", "e5", "e6"]),
        ("e3", "meeting", dt.date(2025, 10, 10), ["Владимир Путин"], 1, 1, ["e3"]),
        ("e4", "phone_call", day, ["Владимир Путин"], 1, 1, ["e4"]),
    ]


def test_as_of_macro_sees_only_runs_up_to_n(con):
    day = dt.date(2025, 10, 9)
    add_article_events(con, 1, "A1", [("e1", "meeting", day, [("participant", "p", "Владимир Путин")])])
    con.execute("INSERT INTO runs (run_id, started_at, status) VALUES (3, now()::TIMESTAMP, 'committed')")
    add_article_events(con, 3, "A2", [("e2", "meeting", day, [("participant", "p", "Владимир Путин")])])
    assert con.execute("SELECT num_articles FROM event_clusters_as_of(1)").fetchall() == [(1,)]
    assert con.execute("SELECT num_articles FROM event_clusters_as_of(3)").fetchall() == [(2,)]


def test_a_syndicated_copy_counts_as_one_article_in_its_cluster(con):
    day = dt.date(2025, 10, 9)
    putin = ("p", "Владимир Путин")
    for article_id, copy_of in (("A1", None), ("A2", "A1"), ("A3", None)):
        con.execute("INSERT INTO articles_history (article_id, source_path, text, content_hash, run_id,"
                    " duplicate_of) VALUES (?, '/in/x.html', 'текст', 'h', 1, ?)", [article_id, copy_of])
    add_article_events(con, 1, "A1", [("e1", "meeting", day, [("participant", *putin)])])
    add_article_events(con, 1, "A2", [("e2", "meeting", day, [("participant", *putin)])])
    assert con.execute("SELECT num_articles, num_copies, num_mentions FROM event_clusters").fetchall() == [
        (1, 2, 2)]
    add_article_events(con, 1, "A3", [("e3", "meeting", day, [("participant", *putin)])])
    assert con.execute("SELECT num_articles, num_copies, num_mentions FROM event_clusters").fetchall() == [
        (2, 3, 3)]
