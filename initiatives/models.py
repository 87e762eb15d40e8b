"""initiatives models."""
