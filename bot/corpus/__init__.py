"""Turning the files in `corpus/` into cleaned documents and chunks."""
