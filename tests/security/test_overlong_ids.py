"""An id no database column can hold is a 404 (or another 4xx) problem, never a 500.

SQLite refuses integers past 64 bits with an ``OverflowError`` and PostgreSQL with a
``DataError``. The guard reads the OpenAPI document and sends such an id to every
integer path parameter of every operation, with a staff API token so that token-only
operations reach their lookups too.
"""

import json
import re

import pytest
from django.test import Client
from wagtail.models import APIToken

pytestmark = pytest.mark.django_db

OVERLONG = "99999999999999999999999"
JUST_PAST_BIGINT = str(2**63)
LONGER_THAN_PYTHON_PARSES = "1" + "0" * 5000  # int() refuses strings past 4300 digits


def integer_path_operations():
    schema = Client().get("/api/v3/openapi.json").json()
    found = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            parameters = [p for p in operation.get("parameters", []) if p.get("in") == "path"]
            integers = {p["name"] for p in parameters if p.get("schema", {}).get("type") == "integer"}
            if integers:
                found.append((method.upper(), path, sorted(integers)))
    return found


def concrete(path, integers, value):
    def fill(match):
        return value if match.group(1) in integers else "volunteers.organisation"

    return re.sub(r"\{([^}]+)\}", fill, path)


@pytest.fixture
def staff_token(django_user_model):
    staff = django_user_model.objects.create_superuser("api", "api@example.org", "haslo-testowe-123")
    return APIToken.create_token(user=staff, name="frontend")[1]


def test_the_guard_sees_our_id_paths():
    paths = {path for _method, path, _names in integer_path_operations()}
    assert "/api/v3/campaigns/{campaign_id}/materials/" in paths
    assert "/api/v3/opportunities/{opportunity_id}/" in paths
    assert "/api/v3/images/{image_id}/" in paths


@pytest.mark.parametrize(
    "value",
    [OVERLONG, JUST_PAST_BIGINT, LONGER_THAN_PYTHON_PARSES],
    ids=["23 digits", "2**63", "5001 digits"],
)
@pytest.mark.parametrize(
    "method,path,integers",
    integer_path_operations(),
    ids=lambda item: item if isinstance(item, str) and item.startswith("/") else None,
)
def test_an_overlong_id_is_a_problem_not_a_crash(method, path, integers, value, client, staff_token):
    kwargs = {"HTTP_AUTHORIZATION": f"Bearer {staff_token}"}
    if method in {"POST", "PUT", "PATCH"}:
        kwargs.update(data=json.dumps({}), content_type="application/json")
    response = getattr(client, method.lower())(concrete(path, integers, value), **kwargs)
    assert 400 <= response.status_code < 500, (method, path, response.status_code, response.content[:300])
    assert response["Content-Type"] == "application/problem+json"


def test_the_largest_possible_id_is_an_ordinary_404(client):
    response = client.get(f"/api/v3/campaigns/{2**63 - 1}/materials/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_campaign_materials_with_an_overlong_id_is_a_polish_404(client):
    response = client.get(f"/api/v3/campaigns/{OVERLONG}/materials/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == "Nie znaleziono."
