"""Whether a run has a file to read, asked before it starts its extraction workers."""
import duckdb

from tasks.ingest.discover import discover, iter_discovered
from tasks.ingest.pending import anything_to_read, run_reads_anything
from tasks.settings import SEEDS_DIR, Limits
from tasks.warehouse.runs import known_file_hashes


def read_by_a_run(sources) -> dict[str, str]:
    """path -> hash of the files a run would read, as if a committed run had read them all."""
    return {file.path: file.content_hash for file in discover(sources, Limits()) if file.status is None}


def test_the_seeds_the_seed_run_read_are_nothing_to_read(seed_warehouse):
    known = known_file_hashes(seed_warehouse)
    assert any(path.endswith("000_210788246a6fa90d.txt") for path in known)
    assert not run_reads_anything([str(SEEDS_DIR)], seed_warehouse, Limits())


def test_a_changed_or_new_article_file_is_something_to_read(seeds_copy):
    known = read_by_a_run([seeds_copy])
    assert not anything_to_read(iter_discovered([seeds_copy], Limits()), known)

    (seeds_copy / "notes.docx").write_bytes(b"PK\x03\x04")   # refused on sight: no extraction
    assert not anything_to_read(iter_discovered([seeds_copy], Limits()), known)

    (seeds_copy / "005_lenta_more.txt").write_text("Путин прибыл в Минск.\n", encoding="utf-8")
    assert anything_to_read(iter_discovered([seeds_copy], Limits()), known)

    known = read_by_a_run([seeds_copy])
    seed = seeds_copy / "000_210788246a6fa90d.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + "\nПутин прибыл в Минск.\n", encoding="utf-8")
    assert anything_to_read(iter_discovered([seeds_copy], Limits()), known)


def test_a_warehouse_it_cannot_read_leaves_the_workers_starting(seeds_copy, tmp_path):
    assert run_reads_anything([str(seeds_copy)], tmp_path / "none.duckdb", Limits())   # not made yet
    bare = tmp_path / "bare.duckdb"
    duckdb.connect(str(bare)).close()                          # no tables: not a warehouse of ours
    assert run_reads_anything([str(seeds_copy)], bare, Limits())
