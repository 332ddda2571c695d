-- Cross-document resolution of partial person names, run inside a run's load transaction.
-- A partial name is a person entity whose name is a surname alone ("Путин") or initials and a
-- surname ("В. Путин"); it fits a full-name person ("Владимир Путин") of the warehouse when the
-- surnames are equal (case and ё folded; "Медведева" is not "Медведев") and each initial is the
-- first letter of the corresponding name. "Буш" fits "Джордж Буш" and "Джордж Буш-старший"
-- alike, so it is ambiguous there. Partial names already redirected are left alone.
WITH people AS (
    SELECT entity_id, string_split(lower(replace(name, 'ё', 'е')), ' ') AS words
    FROM entities_history
    WHERE type = 'PER'
      AND (run_id = $run_id OR run_id IN (SELECT run_id FROM runs WHERE status = 'committed'))
    QUALIFY row_number() OVER (PARTITION BY entity_id ORDER BY run_id) = 1
), split AS (  -- the surname, and the words before it (given names, or initials like "в.")
    SELECT entity_id, words[-1] AS surname, array_pop_back(words) AS given,
           len(list_filter(array_pop_back(words), lambda w: NOT regexp_full_match(w, '\pL\.?'))) = 0 AS initials_only
    FROM people
    WHERE entity_id NOT IN (SELECT entity_id FROM entity_redirects)
), partial AS (
    SELECT entity_id, surname, given AS initials FROM split WHERE initials_only
), complete AS (
    SELECT entity_id, split_part(surname, '-', 1) AS surname, given FROM split WHERE NOT initials_only
), fits AS (
    SELECT p.entity_id, c.entity_id AS candidate_id,
           CASE WHEN len(p.initials) = 0 THEN 'surname' ELSE 'initials' END AS reason
    FROM partial p JOIN complete c ON c.surname = p.surname
    WHERE p.surname NOT LIKE '%-%'
      AND len(p.initials) <= len(c.given)
      AND len(list_filter(range(1, len(p.initials) + 1),
                          lambda i: NOT starts_with(c.given[i], left(p.initials[i], 1)))) = 0
)
SELECT entity_id, candidate_id, reason, count(*) OVER (PARTITION BY entity_id) AS fitting
FROM fits;
