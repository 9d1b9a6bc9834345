"""The dashboard tab."""
