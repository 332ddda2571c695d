-- entity_forms from scratch, over the articles in `touched` (all current articles).
DELETE FROM entity_forms;
INSERT INTO entity_forms BY NAME SELECT * FROM entity_forms_contribution;
