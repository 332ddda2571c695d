-- An event's trigger text must equal its slice of the article text.
SELECT e.event_id, e.article_id, e.trigger_start, e.trigger_stop, e.trigger_text
FROM events_history e
JOIN run_texts a USING (article_id)   -- this run's articles (sql/load/run_texts.sql)
WHERE e.run_id = $run_id
  AND (e.trigger_stop > length(a.text)
       OR substring(a.text, e.trigger_start + 1, e.trigger_stop - e.trigger_start) <> e.trigger_text);
