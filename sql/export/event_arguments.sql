-- Current event arguments, partitioned by their article's publication month.
SELECT ea.*, coalesce(strftime(a.published_at, '%Y-%m'), 'undated') AS month
FROM event_arguments ea JOIN articles a USING (article_id)
