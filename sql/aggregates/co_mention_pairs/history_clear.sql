-- Migration 011's replay starts from an empty history.
DELETE FROM co_mention_pairs_history;
