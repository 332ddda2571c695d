"""A run killed mid-load, concurrent runs and readers, reruns: nothing lost, nothing corrupted.

Runs that must be killed or probed at a known point are real `khronika run` processes held there
by KHRONIKA_TEST_PAUSE (tasks/settings.pause_point).
"""
from __future__ import annotations

import contextlib
import json
import re
import signal
import subprocess
import sys
import threading
import time
import tracemalloc
from pathlib import Path

import pytest

from flows.cli import EXIT_BUSY
from flows.etl import etl
from tasks.ingest.discover import discover
from tasks.ingest.read_file import ingest_file
from tasks.settings import Limits
from tasks.warehouse.lock import writer_lock
from tasks.warehouse.staging import Staging
from tests.conftest import DATA, REPO_ROOT
from tests.warehouse_checks import (
    CURRENT_VIEWS,
    HISTORY_TABLES,
    LEDGER_STATUSES,
    SEED_ARTICLE,
    all_tables,
    assert_ledger_balances,
    history_counts,
    khronika,
    lock_is_free,
    rows,
    seed_paragraphs,
    start_khronika,
    table_contents,
    wait_for_output,
    write_articles,
)

pytestmark = pytest.mark.server  # runs flows

PAUSE_SECONDS = "600"  # far longer than any test waits: the test ends the process itself



@contextlib.contextmanager
def run_paused_at(stage: str, sources: Path, db: Path, tmp_path: Path):
    """A `khronika run` process held at `stage`; killed with SIGKILL when the block ends."""
    process = start_khronika(["run", str(sources), "--db", str(db)], tmp_path, f"paused-{stage}",
                             KHRONIKA_TEST_PAUSE=f"{stage}:{PAUSE_SECONDS}")
    try:
        wait_for_output(process, tmp_path / f"paused-{stage}.err", f"paused in {stage}")
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)


@pytest.fixture(scope="module")
def killed_in_load(tmp_path_factory) -> dict:
    """Run 1 commits three articles; run 2 adds two more and is SIGKILLed inside its load transaction.

    While run 2 is held in the load, a reader and a second run are tried; their results are kept.
    """
    tmp = tmp_path_factory.mktemp("crash")
    sources, db = tmp / "inbox", tmp / "w.duckdb"
    write_articles(sources, 3)
    first = etl(sources=[str(sources)], db=str(db))
    before = table_contents(db, all_tables(db))
    for number, path in enumerate(write_articles(tmp / "more", 5)[3:]):
        path.rename(sources / f"late_{number}.txt")
    with run_paused_at("load", sources, db, tmp) as process:
        probes = {
            "lock_free_while_loading": lock_is_free(db),
            "query": khronika("query", "SELECT count(*) FROM runs", "--db", str(db)),
            "second_run": khronika("run", str(sources), "--db", str(db)),
        }
        process.send_signal(signal.SIGKILL)
        assert process.wait(timeout=30) == -signal.SIGKILL
    return {"tmp": tmp, "sources": sources, "db": db, "first": first, "before": before,
            "killed_run_id": first["run_id"] + 1, "probes": probes}


def test_killed_load_leaves_the_previous_committed_state(killed_in_load):
    db, before = killed_in_load["db"], killed_in_load["before"]
    after = table_contents(db, all_tables(db))
    for table in before:
        if table != "runs":
            assert after[table] == before[table], f"{table} changed by a run that never committed"
    for table in HISTORY_TABLES:
        assert rows(db, f"SELECT count(*) FROM {table} WHERE run_id = $r",
                    {"r": killed_in_load["killed_run_id"]}) == [(0,)]
    # Its runs row was opened (committed alone) and never reached 'committed'.
    assert rows(db, "SELECT run_id, status FROM runs ORDER BY run_id") == [
        (killed_in_load["first"]["run_id"], "committed"), (killed_in_load["killed_run_id"], "running")]


def test_lock_dies_with_the_killed_process(killed_in_load):
    assert killed_in_load["probes"]["lock_free_while_loading"] is False
    assert lock_is_free(killed_in_load["db"])


def test_reader_during_the_load_is_told_to_retry(killed_in_load):
    code, out, err = killed_in_load["probes"]["query"]
    assert code == EXIT_BUSY and out == ""
    assert "a run is loading" in err and "retry in a moment" in err


def test_second_run_during_the_load_fails_fast_and_clearly(killed_in_load):
    code, out, err = killed_in_load["probes"]["second_run"]
    assert code == EXIT_BUSY and out == ""
    assert "another Khronika run is writing to" in err and "--wait" in err


def test_next_run_recovers_without_duplicates(killed_in_load, tmp_path):
    db, sources, killed = killed_in_load["db"], killed_in_load["sources"], killed_in_load["killed_run_id"]
    stale = Staging.for_run(db, killed).root
    assert stale.is_dir(), "a SIGKILLed run cannot clean up its staging files"

    recovered = etl(sources=[str(sources)], db=str(db))

    assert not stale.exists(), "the next run removes the staging files the killed run left"
    assert rows(db, "SELECT status, error FROM runs WHERE run_id = $r", {"r": killed}) == [
        ("failed", "interrupted: the process ended before the run committed")]
    assert recovered["articles_new"] == 2 and recovered["articles_unchanged"] == 3
    assert rows(db, """SELECT status FROM dq_checks
                       WHERE run_id = $r AND kind = 'audit' AND check_name = 'ids_unique'""",
                {"r": recovered["run_id"]}) == [("passed",)]
    assert_ledger_balances(db, recovered["run_id"])
    # Same versions and current contents as one clean run over the same files.
    clean_db = tmp_path / "clean.duckdb"
    etl(sources=[str(sources)], db=str(clean_db))
    assert history_counts(db) == history_counts(clean_db)
    drop = ("run_id", "first_run_id")
    assert table_contents(db, CURRENT_VIEWS, drop) == table_contents(clean_db, CURRENT_VIEWS, drop)


def test_readers_work_while_a_run_extracts(tmp_path):
    sources, db = tmp_path / "inbox", tmp_path / "w.duckdb"
    write_articles(sources, 2)
    first = etl(sources=[str(sources)], db=str(db))
    write_articles(tmp_path / "more", 3)[2].rename(sources / "late.txt")
    with run_paused_at("extract", sources, db, tmp_path):
        code, out, err = khronika("query", "SELECT run_id, status FROM runs ORDER BY run_id", "--db", str(db))
        assert (code, err) == (0, "")
        assert "committed" in out and "running" in out and "(2 rows)" in out
        # Readers see the committed state only: nothing of the running run yet.
        assert rows(db, "SELECT count(*) FROM articles") == [(2,)]
        code, _, err = khronika("run", str(sources), "--db", str(db))
        assert code == EXIT_BUSY and "another Khronika run is writing" in err
        # Another warehouse in the same folder runs meanwhile and leaves this run's staging alone.
        paused_staging = Staging.for_run(db, first["run_id"] + 1).root
        assert paused_staging.is_dir()
        assert etl(sources=[str(sources)], db=str(tmp_path / "other.duckdb"))["articles_new"] == 3
        assert paused_staging.is_dir() and any(paused_staging.rglob("*.parquet"))
    # Killed while extracting: the warehouse holds run 1 only, run 2 stays 'running' until the next run.
    assert rows(db, "SELECT count(*) FROM articles_history") == [(2,)]
    assert rows(db, "SELECT status FROM runs ORDER BY run_id") == [("committed",), ("running",)]
    assert_ledger_balances(db, first["run_id"])
    assert rows(db, "SELECT count(*) FROM ingest_files WHERE run_id <> $r", {"r": first["run_id"]}) == [(0,)]


def test_reader_holding_the_file_fails_a_run_cleanly(tmp_path, monkeypatch):
    monkeypatch.setenv("KHRONIKA_WRITER_WAIT", "3")   # 60 s by default
    sources, db = tmp_path / "inbox", tmp_path / "w.duckdb"
    write_articles(sources, 2)
    etl(sources=[str(sources)], db=str(db))
    write_articles(tmp_path / "more", 3)[2].rename(sources / "late.txt")
    before = table_contents(db, all_tables(db))
    reader = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time; con = duckdb.connect(sys.argv[1], read_only=True); "
                               "print('open', flush=True); time.sleep(600)", str(db)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert reader.stdout.readline().strip() == "open"
        code, out, err = khronika("run", str(sources), "--db", str(db))
    finally:
        reader.kill()
        reader.wait(timeout=30)
    assert code == EXIT_BUSY and out == ""
    assert "is open in another process" in err
    assert table_contents(db, all_tables(db)) == before
    assert lock_is_free(db)
    assert etl(sources=[str(sources)], db=str(db))["articles_new"] == 1


READER_LOOP = """
import sys, time, duckdb
db, stop = sys.argv[1], sys.argv[2]
reads = 0
print("reading", flush=True)
while not __import__("os").path.exists(stop):
    try:
        con = duckdb.connect(db, read_only=True)
    except duckdb.IOException:   # the run is writing: as `khronika query` would, ask again
        time.sleep(0.01)
        continue
    con.execute("SELECT count(*) FROM articles").fetchall()
    con.close()
    reads += 1
print(reads, flush=True)
"""


def test_readers_in_a_loop_do_not_starve_the_run(tmp_path):
    """Three readers opening, querying and closing the file without a pause: before, the run's
    writer asked again after 1 and 5 s, always found a reader there, and failed with exit 3."""
    sources, db, stop = tmp_path / "inbox", tmp_path / "w.duckdb", tmp_path / "stop"
    write_articles(sources, 2)
    etl(sources=[str(sources)], db=str(db))
    write_articles(tmp_path / "more", 3)[2].rename(sources / "late.txt")
    readers = [subprocess.Popen([sys.executable, "-c", READER_LOOP, str(db), str(stop)],
                                stdout=subprocess.PIPE, text=True) for _ in range(3)]
    try:
        assert all(reader.stdout.readline().strip() == "reading" for reader in readers)
        code, _out, err = khronika("run", str(sources), "--db", str(db))
    finally:
        stop.touch()
        reads = [int(reader.communicate(timeout=60)[0].strip() or 0) for reader in readers]
    assert code == 0, err
    assert all(count > 10 for count in reads), reads   # they kept reading throughout
    assert rows(db, "SELECT count(*) FROM articles") == [(3,)]


def test_second_run_with_wait_runs_after_the_first_releases(tmp_path):
    sources, db = tmp_path / "inbox", tmp_path / "w.duckdb"
    write_articles(sources, 1)
    held, release = threading.Event(), threading.Event()

    def hold_lock():
        with writer_lock(db):
            held.set()
            release.wait(timeout=60)

    holder = threading.Thread(target=hold_lock)
    holder.start()
    try:
        assert held.wait(timeout=10)
        assert khronika("run", str(sources), "--db", str(db))[0] == EXIT_BUSY
        started = time.monotonic()
        threading.Timer(2.0, release.set).start()
        code, out, err = khronika("run", str(sources), "--db", str(db), "--wait", "60")
        assert code == 0, err
        assert time.monotonic() - started >= 2.0
        assert "committed" in out and "loaded 1" in out
    finally:
        release.set()
        holder.join(timeout=10)


def test_three_reruns_change_nothing(tmp_path):
    sources, db = tmp_path / "inbox", tmp_path / "w.duckdb"
    write_articles(sources, 3)
    first = etl(sources=[str(sources)], db=str(db))
    assert first["articles_new"] == 3 and first["mentions"] > 0
    current = table_contents(db, CURRENT_VIEWS, drop=("run_id",))
    versions = history_counts(db)
    assert current["articles"] and current["mentions"] and current["entities"]
    for _ in range(3):
        rerun = etl(sources=[str(sources)], db=str(db))
        assert table_contents(db, CURRENT_VIEWS, drop=("run_id",)) == current
        assert history_counts(db) == versions
        assert (rerun["articles_new"], rerun["articles_changed"], rerun["articles_unchanged"]) == (0, 0, 3)
        assert_ledger_balances(db, rerun["run_id"])
    assert rows(db, """SELECT status, articles_new, files_unchanged, files_seen FROM runs
                       WHERE run_id > $r ORDER BY run_id""", {"r": first["run_id"]}) == [("committed", 0, 3, 3)] * 3


def test_a_quarantined_file_is_remembered_until_its_bytes_change(tmp_path):
    sources, db = tmp_path / "inbox", tmp_path / "w.duckdb"
    write_articles(sources, 1)
    junk = sources / "numbers.jsonl"
    junk.write_text("1\n2\n3\n")                     # no record is an object: the file is refused
    first = etl(sources=[str(sources)], db=str(db))
    refused = rows(db, "SELECT count(*) FROM quarantine WHERE run_id = $r", {"r": first["run_id"]})[0][0]
    assert refused == 3   # one row per record
    for _ in range(2):
        rerun = etl(sources=[str(sources)], db=str(db))
        assert rows(db, "SELECT count(*) FROM quarantine WHERE run_id = $r", {"r": rerun["run_id"]}) == [(0,)]
        ((status, reason),) = rows(db, "SELECT status, reason FROM ingest_files WHERE run_id = $r AND path = $p",
                                   {"r": rerun["run_id"], "p": str(junk)})
        assert status == "unchanged"
        assert reason.startswith(f"quarantined by run {first['run_id']} (no usable records")
        assert reason.endswith("same bytes since, not read again")
        assert_ledger_balances(db, rerun["run_id"])
    junk.write_text(junk.read_text() + '{"id": 4, "text": "Путин встретился с Алиевым в Душанбе."}\n')
    fixed = etl(sources=[str(sources)], db=str(db))
    assert fixed["articles_new"] == 1
    assert rows(db, "SELECT count(*) FROM quarantine WHERE run_id = $r", {"r": fixed["run_id"]}) == [(3,)]


def test_limits_given_on_the_cli_reach_the_run(tmp_path):
    sources, db = tmp_path / "inbox", tmp_path / "w.duckdb"
    sources.mkdir()
    paragraphs = seed_paragraphs()
    (sources / "big.txt").write_bytes(SEED_ARTICLE.read_bytes())  # ~6 KB
    (sources / "long.txt").write_text("\n\n".join(p for p in paragraphs if len(p) > 380), encoding="utf-8")
    (sources / "short.txt").write_text(paragraphs[0], encoding="utf-8")
    (sources / "three.jsonl").write_text("".join(
        json.dumps({"id": n, "text": text}, ensure_ascii=False) + "\n" for n, text in enumerate(paragraphs[:3])),
        encoding="utf-8")
    assert (sources / "big.txt").stat().st_size > 4000 > (sources / "long.txt").stat().st_size
    assert len((sources / "long.txt").read_text(encoding="utf-8")) > 500 > max(map(len, paragraphs[:3]))

    code, out, err = khronika("run", str(sources), "--db", str(db), "--max-file-bytes", "4000",
                              "--max-article-chars", "500", "--max-records-per-file", "2")
    assert code == 0, err
    assert "seen 4: loaded 2, unchanged 0, quarantined 2, skipped 0" in out
    (run_id, parameters), = rows(db, "SELECT run_id, parameters FROM runs")
    assert json.loads(parameters)["limits"] == {
        "max_file_bytes": 4000, "max_article_chars": 500, "max_records_per_file": 2}
    ledger = {Path(p).name: (status, reason) for p, status, reason in rows(
        db, "SELECT path, status, reason FROM ingest_files WHERE run_id = $r", {"r": run_id})}
    size = (sources / "big.txt").stat().st_size
    assert ledger["big.txt"] == ("quarantined", f"file too large ({size} bytes > limit 4000)")
    assert ledger["long.txt"] == ("quarantined", "text too long (over the limit of 500 chars)")
    assert ledger["short.txt"] == ("loaded", None)
    assert ledger["three.jsonl"] == ("loaded", "1 of 3 records quarantined")
    assert rows(db, "SELECT check_name FROM quarantine WHERE source_path = $p",
                {"p": str(sources / "three.jsonl")}) == [("max_records_per_file",)]
    assert rows(db, "SELECT count(*) FROM articles") == [(3,)]
    assert_ledger_balances(db, run_id)


def _peak_bytes_reading(root: Path, limits: Limits) -> tuple[int, dict]:
    tracemalloc.start()
    try:
        files = discover([root], limits)
        outcome = {f.relpath: (ingest_file(f, limits) if f.status is None else f) for f in files}
        return tracemalloc.get_traced_memory()[1], {name: (r.status, r.reason) for name, r in outcome.items()}
    finally:
        tracemalloc.stop()


def test_oversize_input_is_never_read_whole(tmp_path):
    line = (seed_paragraphs()[0] + "\n").encode("utf-8")
    big = tmp_path / "big.txt"
    with open(big, "wb") as handle:
        for _ in range(30 * 2**20 // len(line) + 1):
            handle.write(line)
    size = big.stat().st_size

    # Over the file limit: refused on its size alone.
    peak, outcome = _peak_bytes_reading(tmp_path, Limits(max_file_bytes=2**20))
    assert outcome == {"big.txt": ("quarantined", f"file too large ({size} bytes > limit {2**20})")}
    assert peak < 2**20

    # Under the file limit but over the article limit: read up to the limit, then refused.
    peak, outcome = _peak_bytes_reading(tmp_path, Limits(max_file_bytes=64 * 2**20, max_article_chars=200_000))
    assert outcome == {"big.txt": ("quarantined", "text too long (over the limit of 200000 chars)")}
    assert peak < size / 3


def _summary_counts(out: str) -> dict[str, int]:
    found = re.search(r"seen (\d+): loaded (\d+), unchanged (\d+), quarantined (\d+), skipped (\d+)", out)
    assert found, out
    return dict(zip(["seen", *LEDGER_STATUSES], map(int, found.groups())))


def test_cli_run_over_the_bad_corpus_accounts_for_every_file(tmp_path):
    from tests.corpus_bad import build_bad_corpus

    root, db = tmp_path / "inbox", tmp_path / "w.duckdb"
    expected = {str(root / relpath): status for relpath, status in
                build_bad_corpus(root, include_large=True).items()}

    code, out, err = khronika("run", str(root), "--db", str(db))
    assert code == 0, err
    run_id = rows(db, "SELECT max(run_id) FROM runs WHERE status = 'committed'")[0][0]
    counts = assert_ledger_balances(db, run_id)
    assert _summary_counts(out) == {"seen": len(expected), **counts}
    assert counts == {status: list(expected.values()).count(status) for status in LEDGER_STATUSES}
    ledger = {path: (status, reason) for path, status, reason in rows(
        db, "SELECT path, status, reason FROM ingest_files WHERE run_id = $r", {"r": run_id})}
    assert {path: status for path, (status, _) in ledger.items()} == expected
    assert [path for path, (status, reason) in ledger.items()
            if status != "loaded" and not (reason or "").strip()] == []
    assert rows(db, "SELECT count(*) FROM quarantine WHERE run_id = $r AND check_name IS NULL",
                {"r": run_id}) == [(0,)], "every quarantine row names its check"
    quarantine_reasons = dict(rows(db, """
        SELECT source_path, min(length(trim(reason))) FROM quarantine WHERE run_id = $r GROUP BY 1""",
        {"r": run_id}))
    for path, status in expected.items():
        if status == "quarantined":
            assert quarantine_reasons.get(path, 0) > 0, f"no quarantine row with a reason for {path!r}"

    # Files read and refused are remembered like loaded ones: unchanged, not read again.
    refused = {path for (path,) in rows(db, """SELECT path FROM ingest_files WHERE run_id = $r
                                               AND status = 'quarantined' AND content_hash IS NOT NULL""",
                                        {"r": run_id})}
    versions = history_counts(db)
    code, out, err = khronika("run", str(root), "--db", str(db))
    assert code == 0, err
    rerun_id = rows(db, "SELECT max(run_id) FROM runs WHERE status = 'committed'")[0][0]
    assert rerun_id > run_id
    unchanged = counts["loaded"] + len(refused)
    assert _summary_counts(out) == {**_summary_counts(out), "loaded": 0, "unchanged": unchanged}
    assert assert_ledger_balances(db, rerun_id)["unchanged"] == unchanged
    statuses = dict(rows(db, "SELECT path, status FROM ingest_files WHERE run_id = $r", {"r": rerun_id}))
    assert statuses == {path: "unchanged" if status == "loaded" or path in refused else status
                        for path, status in expected.items()}
    assert rows(db, "SELECT count(*) FROM quarantine WHERE run_id = $r AND source_path IN (SELECT unnest($p))",
                {"r": rerun_id, "p": sorted(refused)}) == [(0,)]
    assert history_counts(db) == versions


def test_ctrl_c_during_extraction_stops_the_run_at_once_and_says_what_was_committed(tmp_path):
    """Ctrl-C in a terminal signals the whole foreground process group: the run, its temporary
    Prefect server and its extraction workers. Before, the server died first and the run spent
    minutes reporting its interrupt to nobody, then said "run failed"."""
    import os

    import psutil

    sources = tmp_path / "in"
    sources.mkdir()
    texts = [path.read_text(encoding="utf-8") for path in sorted(DATA.glob("lenta_*.txt"))]
    texts += [path.read_text(encoding="utf-8") for path in sorted((DATA / "lenta_sample").glob("*.txt"))]
    for copy in range(12):
        for number, text in enumerate(texts):
            (sources / f"{copy:02}_{number}.txt").write_text(f"{text}\nВыпуск {copy}.\n", encoding="utf-8")
    db = tmp_path / "w.duckdb"
    env = {name: value for name, value in os.environ.items() if not name.startswith("PREFECT_API")}
    env["PREFECT_HOME"] = str(tmp_path / "prefect-home")   # a temporary server of its own
    err_path = tmp_path / "run.err"
    with open(err_path, "w") as err:
        process = subprocess.Popen(
            [sys.executable, "-m", "flows.cli", "run", str(sources), "--db", str(db),
             "--workers", "2", "--batch-size", "30"],
            cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=err, env=env, start_new_session=True)
    wait_for_output(process, err_path, "batch(es) to extract")
    time.sleep(1)
    family = psutil.Process(process.pid).children(recursive=True)
    assert any("uvicorn" in " ".join(child.cmdline()) for child in family)   # the temporary server

    interrupted_at = time.monotonic()
    os.killpg(process.pid, signal.SIGINT)
    process.wait(timeout=120)
    seconds = time.monotonic() - interrupted_at

    message = err_path.read_text().strip().splitlines()[-1]
    assert process.returncode == 130, message
    assert message == ("khronika: interrupted: run 1 was not committed and the warehouse is empty; "
                       "the next run reads its files again")
    assert seconds < 20, seconds   # minutes before; about 2 s on a quiet machine
    _gone, alive = psutil.wait_procs(family, timeout=10)
    assert alive == []
    assert rows(db, "SELECT run_id, status, error FROM runs") == [
        (1, "failed", "interrupted (Ctrl-C): nothing of this run was committed")]
    assert rows(db, "SELECT count(*) FROM articles") == [(0,)]
    assert lock_is_free(db)


def test_the_run_survives_its_temporary_server_dying(tmp_path):
    """The temporary Prefect server killed mid-extraction (out of memory, a stray kill): it is
    started again on its port and the run commits. Before, the run hung for minutes on Prefect's
    retries and then said "run failed" although its load had committed."""
    import os

    import psutil

    sources = tmp_path / "in"
    sources.mkdir()
    texts = [path.read_text(encoding="utf-8") for path in sorted((DATA / "lenta_sample").glob("*.txt"))]
    for copy in range(8):
        for number, text in enumerate(texts):
            (sources / f"{copy:02}_{number}.txt").write_text(f"{text}\nВыпуск {copy}.\n", encoding="utf-8")
    db = tmp_path / "w.duckdb"
    env = {name: value for name, value in os.environ.items() if not name.startswith("PREFECT_API")}
    env["PREFECT_HOME"] = str(tmp_path / "prefect-home")
    err_path = tmp_path / "run.err"
    with open(err_path, "w") as err:
        process = subprocess.Popen(
            [sys.executable, "-m", "flows.cli", "run", str(sources), "--db", str(db), "--batch-size", "10"],
            cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=err, env=env, text=True)
    wait_for_output(process, err_path, "batch(es) to extract")
    (server,) = [child for child in psutil.Process(process.pid).children()
                 if "uvicorn" in " ".join(child.cmdline())]
    server.kill()
    out, _ = process.communicate(timeout=600)
    err = err_path.read_text()
    assert process.returncode == 0, err[-3000:]
    assert "the temporary Prefect server exited (-9); restarting it on port" in err
    assert "Khronika run 1 committed" in out
    assert rows(db, "SELECT status FROM runs") == [("committed",)]
    assert rows(db, "SELECT count(*) FROM articles") == [(8 * len(texts),)]
