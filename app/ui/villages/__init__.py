"""The villages tab."""
