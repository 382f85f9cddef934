"""The catalogue's entries, by area of work."""
