"""Scoped reads of the recruitment pipeline."""
