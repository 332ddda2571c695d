"""A small real warehouse for report and dashboard tests, written straight into the schema.

Run 1 (committed) loads the seed article (no publication date) with its people, places, the
court and its events: the Путин–Алиев meetings of 2025-10-09 in Душанбе and September in
Пекин, phone calls on 2025-10-07 and 2025-10-24, the court ruling of 2025-10-28 in Баку and
Песков's undated statement. Run 2 (committed) adds a dated Lenta.ru article on talks between
Deutsche Bank and Dresdner Bank. Run 3 failed and left only its `runs` row.
Offsets are found in the real texts, so every mention is its article's slice.
"""
from __future__ import annotations

import hashlib
import re
from datetime import date, datetime
from pathlib import Path

import duckdb

from tasks.settings import SEEDS_DIR
from tasks.warehouse.aggregates import rebuild
from tasks.warehouse.aggregates import replay as replay_aggregates
from tasks.warehouse.event_facts import replay
from tasks.warehouse.migrate import apply_migrations

DATA_DIR = Path(__file__).parent / "data"
SEED_TEXT = (SEEDS_DIR / "000_210788246a6fa90d.txt").read_text(encoding="utf-8")
BANKS_TEXT = (DATA_DIR / "lenta_banks.txt").read_text(encoding="utf-8").rstrip("\n")
SEED_ID = "seed-210788246a6fa90d"
BANKS_ID = "lenta-banks"

# (type, canonical name, surface forms longest first)
SEED_ENTITIES = [
    ("PER", "Владимир Путин", ["Владимира Путина", "Путина", "Путин"]),
    ("PER", "Ильхам Алиев", ["Ильхама Алиева", "Алиевым", "Алиева", "Алиев"]),
    ("PER", "Дмитрий Песков", ["Дмитрий Песков", "Песков"]),
    ("LOC", "Россия", ["России"]),
    ("LOC", "Азербайджан", ["Азербайджана"]),
    ("LOC", "Душанбе", ["Душанбе"]),
    ("LOC", "Таджикистан", ["Таджикистане"]),
    ("LOC", "Москва", ["Москва", "Москвы", "Москвой"]),
    ("LOC", "Баку", ["Баку"]),
    ("LOC", "Пекин", ["Пекине"]),
    ("LOC", "Иран", ["Ирана"]),
    ("ORG", "Сабаильский районный суд", ["Сабаильский районный суд"]),
    ("ORG", "AZAL", ["AZAL"]),
]
BANKS_ENTITIES = [
    ("ORG", "Deutsche Bank", ["Deutsche Bank"]),
    ("ORG", "Dresdner Bank", ["Dresdner Bank"]),
    ("ORG", "Financial Times", ["Financial Times"]),
    ("ORG", "Allianz", ["Allianz"]),
    ("LOC", "Германия", ["Германии"]),
]


def entity_id(type_: str, name: str) -> str:
    return hashlib.sha1(f"{type_}:{name}".encode()).hexdigest()[:16]


def sentence_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer(r"(?<=[.!?»])\s+|\n+", text)]


def find_mentions(article_id: str, text: str, entities, run_id: int) -> list[dict]:
    starts = sentence_starts(text)
    taken: set[int] = set()
    rows = []
    for type_, name, forms in entities:
        for form in forms:
            for match in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", text):
                span = set(range(match.start(), match.end()))
                if span & taken:
                    continue
                taken |= span
                rows.append({
                    "mention_id": f"{article_id}:{match.start()}",
                    "article_id": article_id,
                    "start": match.start(),
                    "stop": match.end(),
                    "type": type_,
                    "text": form,
                    "normal": name,
                    "entity_id": entity_id(type_, name),
                    "sentence_index": sum(1 for s in starts if s <= match.start()) - 1,
                    "run_id": run_id,
                })
    return rows


def find(text: str, needle: str, after: int = 0) -> tuple[int, int]:
    start = text.index(needle, after)
    return start, start + len(needle)


def event(article_id, text, mentions, run_id, type_, quad, trigger, anchor, when, precision,
          participants=(), places=(), targets=()):
    """An event whose trigger and arguments are found in the sentence holding `anchor`."""
    starts = sentence_starts(text)
    anchor_start = find(text, anchor)[0]
    anchor_stop = next((s for s in starts if s > anchor_start), len(text))
    t_start, t_stop = find(text, trigger, anchor_start)
    event_id = f"{article_id}:ev{t_start}"
    row = {
        "event_id": event_id, "article_id": article_id, "type": type_, "quad_class": quad,
        "trigger_start": t_start, "trigger_stop": t_stop, "trigger_text": trigger,
        "trigger_lemma": trigger.lower(), "event_date": when, "date_precision": precision,
        "sentence_index": sum(1 for s in starts if s <= t_start) - 1, "run_id": run_id,
        "sentence_start": max(s for s in starts if s <= t_start),
        "sentence_stop": next((s for s in starts if s > t_start), len(text)),
    }
    arguments = []
    for role, names in (("participant", participants), ("place", places)):
        for name in names:
            mention = next(m for m in mentions
                           if m["normal"] == name and anchor_start <= m["start"] < anchor_stop)
            arguments.append({"event_id": event_id, "article_id": article_id, "role": role,
                              "start": mention["start"], "stop": mention["stop"],
                              "text": mention["text"], "entity_id": mention["entity_id"],
                              "run_id": run_id})
    for target in targets:
        a_start, a_stop = find(text, target, anchor_start)
        arguments.append({"event_id": event_id, "article_id": article_id, "role": "target",
                          "start": a_start, "stop": a_stop, "text": target, "entity_id": None,
                          "run_id": run_id})
    return row, arguments


def insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict]) -> None:
    """Insert the columns the table has: a warehouse of an earlier schema gets what it held."""
    if not rows:
        return
    present = {r[0] for r in con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE table_name = ?", [table]).fetchall()}
    columns = [c for c in rows[0] if c in present]
    con.executemany(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})",
        [[row[c] for c in columns] for row in rows],
    )


def article(article_id, text, run_id, **meta) -> dict:
    return {
        "article_id": article_id, "source_id": meta.get("source_id"),
        "source_path": meta["source_path"], "title": meta.get("title"), "url": meta.get("url"),
        "published_at": meta.get("published_at"), "source": meta.get("source"),
        "topic": None, "encoding": "utf-8", "text": text,
        "content_hash": hashlib.sha256(text.encode()).hexdigest(), "run_id": run_id,
    }


def run_row(run_id: int, status: str, started: datetime, seconds: int, **counts) -> dict:
    return {
        "run_id": run_id, "flow_run_id": f"flow-run-{run_id}", "flow_name": "khronika-etl",
        "started_at": started,
        "finished_at": started.replace(second=started.second + seconds),
        "status": status, "error": counts.pop("error", None), "code_version": "0.1.0",
        "extractor_version": "2025.11.1", "files_seen": counts.get("files_seen", 0),
        "articles_new": counts.get("articles_new", 0), "mentions": counts.get("mentions", 0),
        "entities": counts.get("entities", 0), "events": counts.get("events", 0),
        "quarantined": counts.get("quarantined", 0), "warnings": counts.get("warnings", 0),
    }


def write_article_run(con, run_id: int, started: datetime, seconds: int, art: dict,
                      mentions: list[dict], events: list[dict], arguments: list[dict],
                      quality: dict[str, list[dict]], files_seen: int) -> None:
    """One committed run that loaded one article, with its derived rows and quality records."""
    seen = {m["entity_id"]: m for m in mentions}
    entities = [{"entity_id": eid, "type": m["type"], "name": m["normal"], "run_id": run_id}
                for eid, m in seen.items()]
    insert(con, "runs", [run_row(run_id, "committed", started, seconds, files_seen=files_seen,
                                 articles_new=1, mentions=len(mentions), entities=len(entities),
                                 events=len(events), quarantined=len(quality["quarantine"]),
                                 warnings=len(quality["dq_warnings"]))])
    insert(con, "articles_history", [art])
    insert(con, "extractions", [{"article_id": art["article_id"],
                                 "content_hash": art["content_hash"],
                                 "extractor_version": "2025.11.1", "run_id": run_id}])
    insert(con, "mentions_history", mentions)
    insert(con, "entities_history", entities)
    insert(con, "events_history", events)
    insert(con, "event_arguments_history", arguments)
    for table, rows in quality.items():
        insert(con, table, rows)


def check(run_id: int, name: str, kind: str, table: str, failures: int = 0) -> dict:
    return {"run_id": run_id, "check_name": name, "kind": kind, "table_name": table,
            "failures": failures, "status": "failed" if failures else "passed"}


def seed_run(con: duckdb.DuckDBPyConnection) -> None:
    run_id = 1
    mentions = find_mentions(SEED_ID, SEED_TEXT, SEED_ENTITIES, run_id)
    events, arguments = [], []
    for spec in [
        ("meeting", "cooperation", "встречи", "Москва высоко оценивает", date(2025, 10, 9), "day",
         ["Владимир Путин", "Ильхам Алиев"], ["Душанбе"], []),
        ("statement", "neutral", "сообщил", "Москва высоко оценивает", None, None,
         ["Дмитрий Песков"], [], []),
        ("meeting", "cooperation", "встретились", "В сентябре Путин", date(2025, 9, 1), "month",
         ["Владимир Путин", "Ильхам Алиев"], ["Пекин"], []),
        ("phone_call", "cooperation", "телефонный разговор", "7 октября, в день рождения",
         date(2025, 10, 7), "day", ["Владимир Путин", "Ильхам Алиев"], [], []),
        ("meeting", "cooperation", "встретились", "Спустя два дня", date(2025, 10, 9), "day",
         ["Владимир Путин", "Ильхам Алиев"], ["Душанбе"], []),
        ("phone_call", "cooperation", "по телефону", "24 октября Путин", date(2025, 10, 24), "day",
         ["Владимир Путин", "Ильхам Алиев"], [], []),
        ("court_ruling", "conflict", "продлил арест", "28 октября Сабаильский", date(2025, 10, 28),
         "day", ["Сабаильский районный суд"], ["Баку"], ["восьми россиянам"]),
    ]:
        row, args = event(SEED_ID, SEED_TEXT, mentions, run_id, *spec)
        events.append(row)
        arguments += args
    quality = {
        "quarantine": [{
            "run_id": run_id, "source_path": "seeds/broken.bin", "stage": "ingest",
            "reason": "undecodable: not UTF-8, cp1251 or koi8-r", "table_name": None,
            "check_name": None, "column_name": None, "value": None, "article_id": None,
            "record": None}],
        "dq_checks": [check(run_id, "mention_text_matches_slice", "audit", "mentions"),
                      check(run_id, "mentions_schema", "schema", "mentions")],
        "dq_warnings": [{
            "run_id": run_id, "article_id": SEED_ID,
            "source_path": "seeds/000_210788246a6fa90d.txt", "stage": "extract_dates",
            "sentence_index": 3, "error": "KeyError: 'маять'"}],
    }
    write_article_run(con, run_id, datetime(2025, 11, 20, 2, 0, 0), 12,
                      article(SEED_ID, SEED_TEXT, run_id,
                              source_path="seeds/000_210788246a6fa90d.txt"),
                      mentions, events, arguments, quality, files_seen=2)


def banks_run(con: duckdb.DuckDBPyConnection) -> None:
    run_id = 2
    mentions = find_mentions(BANKS_ID, BANKS_TEXT, BANKS_ENTITIES, run_id)
    row, arguments = event(BANKS_ID, BANKS_TEXT, mentions, run_id, "talks", "cooperation",
                           "ведут переговоры", "Deutsche Bank и Dresdner Bank",
                           date(2000, 3, 7), "day", ["Deutsche Bank", "Dresdner Bank"])
    quality = {
        "quarantine": [
            {"run_id": run_id, "source_path": "inbox/lenta.jsonl", "stage": "validate",
             "reason": "text is empty", "table_name": "articles", "check_name": "str_length",
             "column_name": "text", "value": "", "article_id": f"lenta-{n}", "record": None}
            for n in (13, 14)],
        "dq_checks": [check(run_id, "articles_schema", "schema", "articles", failures=2),
                      check(run_id, "mention_text_matches_slice", "audit", "mentions")],
        "dq_warnings": [],
    }
    banks = article(BANKS_ID, BANKS_TEXT, run_id, source_path="inbox/lenta.jsonl", source_id="12",
                    title="Deutsche Bank и Dresdner Bank ведут переговоры о слиянии",
                    url="https://lenta.ru/news/2000/03/07/banks/",
                    published_at=datetime(2000, 3, 7, 10, 30), source="lenta.ru")
    write_article_run(con, run_id, datetime(2025, 11, 21, 2, 0, 0), 9, banks, mentions, [row],
                      arguments, quality, files_seen=3)


def failed_run(con: duckdb.DuckDBPyConnection) -> None:
    insert(con, "runs", [run_row(3, "failed", datetime(2025, 11, 22, 2, 0, 0), 3, files_seen=3,
                                 error="audit mention_text_matches_slice: 1 row")])


def rebuild_derived(con: duckdb.DuckDBPyConnection) -> None:
    """What the load keeps (aggregates, event_facts_history), for rows written without it."""
    rebuild(con)
    replay(con)
    replay_aggregates(con)


def build_fixture_warehouse(path: Path, runs: int = 3, migrations_through: int | None = None) -> Path:
    """Write the fixture warehouse with its first `runs` runs to `path`; with
    `migrations_through`, in the schema of that migration (as an earlier release wrote it)."""
    con = duckdb.connect(str(path))
    try:
        apply_migrations(con, through=migrations_through)
        for load in (seed_run, banks_run, failed_run)[:runs]:
            load(con)
        if migrations_through is None or migrations_through >= 8:
            rebuild(con)  # what the load keeps, for rows written here without it
        if migrations_through is None or migrations_through >= 9:
            replay(con)
        if migrations_through is None or migrations_through >= 11:
            replay_aggregates(con)
    finally:
        con.close()
    return path
