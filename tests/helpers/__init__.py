"""Helpers shared by the test modules: plain importable modules, not conftest files."""
