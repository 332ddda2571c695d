"""Reporting: the report library (sql/reports), one renderer for tables and result files, the run
summary, and the offline dashboard."""
