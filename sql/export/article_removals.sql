-- Articles whose file was found gone, each flag with the run that found it, whether it was
-- retired and the run that found it again: the log the current tables leave out.
SELECT * FROM article_removals ORDER BY run_id, article_id
