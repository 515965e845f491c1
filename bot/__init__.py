"""kommunebot: cited answers for new local politicians from a bundled corpus."""

__version__ = "0.4.51"
