"""The DuckDB warehouse: SQL files, connections, migrations, the writer lock, runs, staging and
the one-transaction load."""
