"""Role-matrix rows, one module per app (see tests/authorisation/matrix.py)."""
