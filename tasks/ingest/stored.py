"""Pick stored articles to re-extract and stage them in batches, without new article versions."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tasks.quality.validate import to_frame
from tasks.warehouse.connect import connect
from tasks.warehouse.sql import sql_file
from tasks.warehouse.staging import Staging

REPROCESS_STAGE = "reprocess_articles"   # read by extraction, never loaded into articles_history


@dataclass(frozen=True)
class Selection:
    article_ids: list[str] | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    all_articles: bool = False
    skip_current: bool = True

    def check(self) -> None:
        if not (self.article_ids or self.date_from or self.date_to or self.all_articles):
            raise ValueError("say which articles to reprocess: article_ids, a date range, or all_articles=True")
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValueError(f"date_from {self.date_from} is after date_to {self.date_to}")


def stage_for_reprocess(db_path, selection: Selection, extractor_version: str, staging: Staging,
                        batch_size: int) -> list[str]:
    """Stage the selected current articles as extraction batches; return the batch files."""
    selection.check()
    con = connect(db_path, read_only=True)
    try:
        cursor = con.execute(sql_file("queries", "select_for_reprocess.sql"), {
            "article_ids": selection.article_ids or None, "date_from": selection.date_from,
            "date_to": selection.date_to, "skip_current": selection.skip_current,
            "extractor_version": extractor_version,
        })
        columns = [d[0] for d in cursor.description]
        batches = []
        while rows := cursor.fetchmany(batch_size):
            frame = to_frame("articles", [dict(zip(columns, row)) for row in rows])
            batches.append(str(staging.write(REPROCESS_STAGE, frame, f"r{len(batches) + 1:05d}")))
        return batches
    finally:
        con.close()
