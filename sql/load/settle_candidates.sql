-- Partial names left ambiguous whose candidates have since become one person: the lone "Земан"
-- fitted "Милош Земан" and "Милоша Земан", which inflected_names then joined; "Мей" would fit
-- "Тереза Мей" and "Тереза Мэй", one spelling of the other. Each candidate is read through
-- its redirect (a redirect is one step); a partial name whose candidates all lead to one entity
-- joins it, for the reason it was a candidate; one whose candidates all joined it is settled
-- already, and a name others redirect to stays put (a redirect is one step). Run after this
-- run's redirects are all written.
WITH pending AS (
    SELECT c.entity_id, c.reason, coalesce(r.target_id, c.candidate_id) AS target_id
    FROM entity_candidates c
    LEFT JOIN entity_redirects r ON r.entity_id = c.candidate_id
    WHERE c.entity_id NOT IN (SELECT entity_id FROM entity_redirects)
      AND c.entity_id NOT IN (SELECT target_id FROM entity_redirects)
)
SELECT entity_id, min(target_id) AS target_id, min(reason) AS reason
FROM pending
GROUP BY entity_id
HAVING count(DISTINCT target_id) = 1 AND min(target_id) <> entity_id
ORDER BY entity_id;
