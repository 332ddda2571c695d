-- The articles a run touches: those it writes a new version of or extracts again.
CREATE OR REPLACE TEMP TABLE touched AS
SELECT DISTINCT article_id FROM read_parquet($files, union_by_name = true);
