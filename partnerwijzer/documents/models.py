"""Document job models (filled by its part)."""
