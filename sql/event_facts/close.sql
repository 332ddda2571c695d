-- Close the rows run $run_id replaces: those of the touched articles (an event the new
-- extraction no longer finds ends here) and those of the events it rewrites.
UPDATE event_facts_history SET valid_to = $run_id
WHERE valid_to IS NULL
  AND (article_id IN (SELECT article_id FROM touched)
       OR event_id IN (SELECT event_id FROM fact_events));
