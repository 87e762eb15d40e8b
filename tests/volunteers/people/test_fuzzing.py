"""Random bodies for the registry's public writes: always an answer below 500."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import registration

pytestmark = pytest.mark.django_db

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.text(max_size=80),
    st.floats(),
)
values = st.one_of(
    scalars, st.lists(scalars, max_size=4), st.dictionaries(st.text(max_size=10), scalars, max_size=3)
)
FIELDS = [*registration(), "guardian_email", "opportunity", "website"]
FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(changes=st.dictionaries(st.sampled_from(FIELDS), values, max_size=4))
def test_register_never_answers_500(api_post, changes):
    response = api_post("volunteers/", registration(**changes))
    assert response.status_code in (202, 400, 422), (changes, response.content)


@FUZZ
@given(body=st.dictionaries(st.sampled_from(["token", "email", "website", "x"]), values, max_size=3))
def test_token_and_link_endpoints_never_answer_500(api_post, body):
    for path in ("volunteers/confirm", "volunteers/guardian-confirm", "volunteers/access-link"):
        assert api_post(path, body).status_code in (200, 202, 400, 410, 422), (path, body)
