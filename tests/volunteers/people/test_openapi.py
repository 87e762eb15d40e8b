"""The registry's routes in the OpenAPI document: the contract's paths, owner-only ones need the token."""

import pytest

pytestmark = pytest.mark.django_db

PUBLIC_WRITES = ["volunteers/", "volunteers/confirm", "volunteers/guardian-confirm", "volunteers/access-link"]
OWNER_ONLY = ["volunteers/me", "volunteers/me/export", "volunteers/me/matches", "volunteers/me/applications"]


def test_paths_and_security(client):
    schema = client.get("/api/v3/openapi.json").json()
    paths = {path.removeprefix("/api/v3/"): operations for path, operations in schema["paths"].items()}
    for path in PUBLIC_WRITES:
        assert "post" in paths[path]
        assert not paths[path]["post"].get("security")
    for path in OWNER_ONLY:
        for method, operation in paths[path].items():
            assert operation.get("security"), (path, method)
    assert set(paths["volunteers/me"]) == {"get", "patch", "delete"}
    registration = schema["components"]["schemas"]["RegistrationIn"]
    assert registration.get("additionalProperties") is False
    assert {"first_name", "email", "birth_year", "district", "consents"} <= set(registration["required"])
