SELECT * FROM event_types
