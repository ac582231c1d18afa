"""Selections and candidates (views)."""
