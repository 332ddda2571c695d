-- Stage → entity registry: only ids never seen before get a row.
INSERT INTO entities_history BY NAME
SELECT entity_id, any_value(type) AS type, min(name) AS name, $run_id AS run_id
FROM read_parquet($files, union_by_name = true)
WHERE entity_id NOT IN (SELECT entity_id FROM entities_history)
GROUP BY entity_id;
