"""Thin Rasa SDK actions: they read the conversation, call bot/ and send what it returns."""
