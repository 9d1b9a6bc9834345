"""The criteria tab."""
