"""The SQLite index: its schema, how it is built, and how it is read."""
