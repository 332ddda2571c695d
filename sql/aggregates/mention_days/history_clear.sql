-- Migration 011's replay starts from an empty history.
DELETE FROM mention_days_history;
