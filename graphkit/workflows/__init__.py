"""Workflows: what each graphkit command does, end to end, as a Python call.

One module per command family; each workflow takes a store, filters and options and returns
a result object that the CLI renders and a notebook uses directly (see docs/architecture.md).
"""
