-- Whether any touched article is in the warehouse already (else there is nothing to subtract).
SELECT EXISTS (SELECT 1 FROM extractions WHERE valid_to IS NULL
                 AND article_id IN (SELECT article_id FROM touched))
    OR EXISTS (SELECT 1 FROM articles_history WHERE valid_to IS NULL
                 AND article_id IN (SELECT article_id FROM touched));
