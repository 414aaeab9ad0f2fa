"""Thin Bolt listeners. Each module has `register(app)`; bot.app calls them in order."""
