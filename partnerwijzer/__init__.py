"""Partnerwijzer: the Django project."""
