-- Current events, partitioned by their article's publication month.
SELECT ev.*, coalesce(strftime(a.published_at, '%Y-%m'), 'undated') AS month
FROM events ev JOIN articles a USING (article_id)
