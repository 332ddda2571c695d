"""Ingest: from source folders to staged article batches.

discover (files, hashes, what to skip) → decode (bytes to text) → readers/ (one per format) →
records (article fields, ids, quarantine rows) → read_file (one file) → intake (the run's
batches and file ledger); stored re-stages articles already in the warehouse for reprocessing.
"""
