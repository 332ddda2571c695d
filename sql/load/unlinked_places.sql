-- LOC entities with no entity_places row yet (this run's new ones; after migration 007 also the
-- warehouse's earlier ones), with the forms their current mentions give, most used first.
WITH todo AS (
    SELECT entity_id, name
    FROM entities_history
    WHERE type = 'LOC' AND entity_id NOT IN (SELECT entity_id FROM entity_places)
    QUALIFY row_number() OVER (PARTITION BY entity_id ORDER BY run_id) = 1
), forms AS (
    SELECT entity_id, form, count(*) AS uses
    FROM (SELECT entity_id, normal AS form FROM mentions WHERE type = 'LOC'
          UNION ALL
          SELECT entity_id, text AS form FROM mentions WHERE type = 'LOC')
    WHERE form IS NOT NULL AND entity_id IN (SELECT entity_id FROM todo)
    GROUP BY ALL
)
SELECT t.entity_id, t.name, coalesce(list(f.form ORDER BY f.uses DESC, f.form) FILTER (WHERE f.form IS NOT NULL), []) AS forms
FROM todo t LEFT JOIN forms f USING (entity_id)
GROUP BY t.entity_id, t.name
ORDER BY t.entity_id;
