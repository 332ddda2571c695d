-- Mark a run committed with its counts; runs inside the load transaction.
UPDATE runs SET status = 'committed', finished_at = now()::TIMESTAMP,
       files_seen = $files_seen, files_loaded = $files_loaded, files_unchanged = $files_unchanged,
       files_quarantined = $files_quarantined, files_skipped = $files_skipped,
       articles_new = $articles_new, articles_changed = $articles_changed,
       articles_unchanged = $articles_unchanged, mentions = $mentions, entities = $entities,
       events = $events, quarantined = $quarantined, warnings = $warnings
WHERE run_id = $run_id;
