"""volunteers models."""
