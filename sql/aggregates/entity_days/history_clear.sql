-- Migration 011's replay starts from an empty history.
DELETE FROM entity_days_history;
