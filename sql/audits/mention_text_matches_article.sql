-- A mention's text must equal its [start, stop) slice of the article text.
SELECT m.mention_id, m.article_id, m.start, m.stop, m.text,
       substring(a.text, m.start + 1, m.stop - m.start) AS slice
FROM mentions_history m
JOIN run_texts a USING (article_id)   -- this run's articles (sql/load/run_texts.sql)
WHERE m.run_id = $run_id
  AND (m.stop > length(a.text) OR substring(a.text, m.start + 1, m.stop - m.start) <> m.text);
