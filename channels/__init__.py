"""Kansrijk's Rasa input channels: every one passes messages through `channels.edge.Edge`."""
