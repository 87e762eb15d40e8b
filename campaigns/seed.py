"""Demo content of the campaigns app (the workshops module for now)."""

from campaigns.workshops.seed import seed  # noqa: F401
