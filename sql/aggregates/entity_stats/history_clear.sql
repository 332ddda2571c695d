-- Migration 011's replay starts from an empty history.
DELETE FROM entity_stats_history;
