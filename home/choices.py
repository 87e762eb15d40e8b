"""Vocabularies shared by the apps: the base of every app's e-mailed-link purposes."""

from django.db import models


class LinkPurpose(models.TextChoices):
    """What a link sent by e-mail is for (``home.links``). Each app subclasses it in its
    ``choices.py`` (values ``"<app>.<purpose>"``) and declares, beside the members::

        MyPurpose.declare({MyPurpose.X: (lifetime or None, message when the link is gone)})

    A lifetime of None means the caller gives one (``links.issue(..., lifetime=...)``).
    """

    @classmethod
    def declare(cls, policy):
        missing = set(cls) - set(policy)
        if missing:
            raise ValueError(f"{cls.__name__}: no lifetime and message for {sorted(missing)}")
        cls._policy = policy

    @property
    def lifetime(self):
        return type(self)._policy[self][0]

    @property
    def gone_message(self):
        return type(self)._policy[self][1]
