"""Fuzz and property tests: hostile input over the channels, hostile slot values in the actions, SQL hygiene."""
