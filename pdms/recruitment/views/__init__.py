"""Recruitment pages."""
