"""Small display formatters for widgets (kept free of Babel so start-up stays light)."""

from __future__ import annotations


def thousands(n: int) -> str:
    """12345 → "12.345" (Vietnamese grouping)."""
    return f"{n:,}".replace(",", ".")
