-- What the warehouse holds now, to tell new, changed and unchanged articles apart.
SELECT article_id, content_hash FROM articles;
