-- Current mentions (entity ids through the redirects), partitioned by their article's month.
SELECT m.*, coalesce(strftime(a.published_at, '%Y-%m'), 'undated') AS month
FROM mentions m JOIN articles a USING (article_id)
