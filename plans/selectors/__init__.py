"""Reads that are more than one line: one module per area."""
