"""The course catalogue: importers that build a SQLite file, and a fast in-memory read model."""
