"""Fixtures for the volunteer-registry tests (factories: tests/factories.py)."""

import pytest


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run a block and then its on-commit callbacks (the e-mail tasks), as a real commit would."""

    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return run


@pytest.fixture
def bearer(client):
    """Call ``volunteers/me...`` with a self-service token."""

    def call(method, path, token, data=None):
        kwargs = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
        if data is not None:
            kwargs.update(data=data, content_type="application/json")
        return getattr(client, method)(f"/api/v3/{path}", **kwargs)

    return call
