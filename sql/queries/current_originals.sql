-- Fingerprints of the current originals, which new texts are compared with (duplicates.py).
SELECT article_id, text_minhash FROM articles
WHERE text_minhash IS NOT NULL AND duplicate_of IS NULL
ORDER BY run_id, article_id;
