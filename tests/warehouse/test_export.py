"""`khronika export`: the current tables as hive-partitioned Parquet that DuckDB reads back to
the same answers as the warehouse."""
import json

import duckdb
import pytest

from flows.cli import main
from tasks.warehouse.export import ExportError, export_warehouse
from tests.fixture_warehouse import build_fixture_warehouse

PARTITIONED = ["articles", "mentions", "events", "event_arguments"]


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    root = tmp_path_factory.mktemp("export")
    db = build_fixture_warehouse(root / "w.duckdb")
    manifest = export_warehouse(db, root / "out")
    return db, root / "out", manifest


def test_manifest_names_the_run_and_every_table(exported):
    db, out, manifest = exported
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8")) == manifest
    with duckdb.connect(str(db), read_only=True) as con:
        last = con.execute("SELECT max(run_id) FROM runs WHERE status = 'committed'").fetchone()[0]
        assert manifest["run_id"] == last
        for table in PARTITIONED + ["entities"]:
            assert manifest["tables"][table]["rows"] == con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    # hive layout: one folder per month, undated articles apart
    months = sorted(p.name for p in (out / "articles").iterdir())
    assert months and all(m.startswith("month=") for m in months)
    assert "month=undated" in months   # the seed article has no date


def test_duckdb_reads_the_export_back_to_the_same_answers(exported):
    db, out, _ = exported
    with duckdb.connect(str(db), read_only=True) as wh, duckdb.connect() as ex:
        for table in PARTITIONED:
            back = ex.execute(f"SELECT * EXCLUDE (month) FROM read_parquet('{out}/{table}/*/*.parquet',"
                              " hive_partitioning = true) ORDER BY ALL").fetchall()
            assert back == wh.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall(), table
        assert ex.execute(f"SELECT * FROM '{out}/entities.parquet' ORDER BY entity_id").fetchall() == \
            wh.execute("SELECT * FROM entities ORDER BY entity_id").fetchall()
        # a question asked of both: the most-mentioned people by month
        question = ("SELECT strftime(a.published_at, '%Y-%m') AS month, m.entity_id, count(*) AS n"
                    " FROM {mentions} m JOIN {articles} a USING (article_id)"
                    " WHERE m.type = 'PER' GROUP BY ALL ORDER BY ALL")
        files = {t: f"read_parquet('{out}/{t}/*/*.parquet', hive_partitioning = true)" for t in PARTITIONED}
        assert ex.execute(question.format(**files)).fetchall() == \
            wh.execute(question.format(mentions="mentions", articles="articles")).fetchall()


def test_export_refuses_a_folder_with_files_in_it(exported, tmp_path, capsys):
    db, out, _ = exported
    with pytest.raises(ExportError, match="not an empty folder"):
        export_warehouse(db, out)
    assert main(["export", "--db", str(db), "--out", str(out)]) == 2
    assert "not an empty folder" in capsys.readouterr().err
    assert main(["export", "--db", str(tmp_path / "none.duckdb"), "--out", str(tmp_path / "x")]) == 2
