"""What the flows share: parameters declared once, the run's thin tasks, task runners, artifacts."""
