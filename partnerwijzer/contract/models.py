"""Contract models (filled by its part)."""
