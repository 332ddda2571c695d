-- Current articles, partitioned by publication month (undated: month=undated).
SELECT *, coalesce(strftime(published_at, '%Y-%m'), 'undated') AS month
FROM articles
