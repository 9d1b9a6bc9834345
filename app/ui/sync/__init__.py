"""The sync tab."""
