"""The awards tab."""
