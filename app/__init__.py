"""DHTT: building and replicating advanced examples (điển hình tiên tiến), Gia Lai."""

__version__ = "0.1.0"
