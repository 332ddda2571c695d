"""The warehouse's current tables as Parquet, for DuckDB, Spark or Trino elsewhere.

Big tables are hive-partitioned by month (`mentions/month=2024-01/data_0.parquet`; the article's
publication month, `month=undated` for undated articles); small ones are one file each. A
`manifest.json` names the run the export reflects: everything is read in one read-only
transaction, so the files agree with each other and with that run.
"""
from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from tasks.warehouse.connect import connect_reader
from tasks.warehouse.sql import sql_file, sql_names

PARTITIONED = {"articles", "mentions", "events", "event_arguments"}


class ExportError(ValueError):
    """The export cannot go where it was asked to."""


def export_warehouse(db_path: str | Path, out_dir: str | Path, wait_seconds: float = 0) -> dict:
    """Write every table of sql/export/ under `out_dir` (which must not exist or be empty) and
    the manifest; return the manifest."""
    out = Path(out_dir)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise ExportError(f"{out.resolve()} is not an empty folder: choose a new one")
    con = connect_reader(db_path, wait_seconds)
    try:
        out.mkdir(parents=True, exist_ok=True)
        con.execute("BEGIN TRANSACTION")  # one snapshot for every file
        run_id, finished, schema = con.execute(sql_file("export", "_manifest.sql")).fetchall()[0]
        tables = {}
        for name in sql_names("export"):
            if name.startswith("_"):
                continue
            table = name.removesuffix(".sql")
            relation = con.sql(sql_file("export", name))
            rows = relation.count("*").fetchall()[0][0]
            if table in PARTITIONED:
                relation.write_parquet(str(out / table), partition_by=["month"])
                tables[table] = {"path": f"{table}/", "rows": rows, "partitioned_by": ["month"]}
            else:
                relation.write_parquet(str(out / f"{table}.parquet"))
                tables[table] = {"path": f"{table}.parquet", "rows": rows, "partitioned_by": []}
        con.execute("COMMIT")
    finally:
        con.close()
    manifest = {
        "warehouse": str(Path(db_path).resolve()),
        "run_id": run_id,
        "run_finished_at": finished.isoformat() if finished else None,
        "schema_version": schema,
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "tables": tables,
        "read_with": "read_parquet('<table>/*/*.parquet', hive_partitioning = true) for partitioned tables",
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
    return manifest
