-- An event argument's text must equal its slice of the article text, and its event must exist.
SELECT ea.event_id, ea.article_id, ea.role, ea.start, ea.stop, ea.text
FROM event_arguments_history ea
JOIN run_texts a USING (article_id)   -- this run's articles (sql/load/run_texts.sql)
WHERE ea.run_id = $run_id
  AND (ea.stop > length(a.text)
       OR substring(a.text, ea.start + 1, ea.stop - ea.start) <> ea.text
       OR ea.event_id NOT IN (SELECT event_id FROM events_history WHERE run_id = $run_id));
