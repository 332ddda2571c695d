-- Identity that survives real folders (README "Ids and identity", "Deleted files").
--
-- article_removals: one row each time a run finds that the file an article was read from is no
-- longer in a source folder the run scanned (and no renamed file took the article over). The
-- article stays current (kept): the row only flags it, unless a run asked to retire missing
-- articles (retired = true), which also closes the article's ranges so it leaves the current
-- state and the reports. One open row per article; when a later run finds the file again (or a
-- renamed copy of it), it sets returned_in_run. No view changes: an upgraded warehouse simply
-- has no removals.
CREATE TABLE IF NOT EXISTS article_removals (
    article_id      VARCHAR NOT NULL,   -- the article whose file is gone
    source_path     VARCHAR NOT NULL,   -- the file it was read from (its last version's path)
    run_id          BIGINT NOT NULL,    -- the run that found the file gone
    retired         BOOLEAN NOT NULL,   -- its ranges were closed while gone (--retire-missing)
    returned_in_run BIGINT              -- the run that found the file (or a renamed copy) again; NULL while gone
);
