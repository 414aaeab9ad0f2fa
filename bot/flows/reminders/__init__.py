"""The reminder engine: nudges are rows with a due time; the sweep claims, sends and records them."""
