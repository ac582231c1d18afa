"""Supplier portal models (filled by its part)."""
