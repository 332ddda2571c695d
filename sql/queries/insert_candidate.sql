-- One of the full names an ambiguous partial name may be, recorded once.
INSERT INTO entity_candidates (entity_id, candidate_id, reason, run_id)
SELECT $entity_id, $candidate_id, $reason, $run_id
WHERE NOT EXISTS (SELECT 1 FROM entity_candidates WHERE entity_id = $entity_id AND candidate_id = $candidate_id);
