"""Data quality: Pandera models per table, one quarantine row type, and the split of a frame
into rows that load and rows quarantined with their reasons."""
