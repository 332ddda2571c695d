-- This run's place links (tasks/warehouse/places.py hands them over as the Arrow table linked_places).
INSERT INTO entity_places BY NAME SELECT * FROM linked_places;
