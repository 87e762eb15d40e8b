"""Communications staff ("Redakcja") never reach personal data: no intake register opens for them."""

import pytest
from django.urls import URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db


def register_index_urls():
    """The index view of every wagtail-modeladmin register (the private intake registers)."""

    def walk(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns)
            elif pattern.name and pattern.name.endswith("_modeladmin_index"):
                yield pattern.name

    return sorted({reverse(name) for name in walk(get_resolver().url_patterns)})


def refused(response, url):
    if response.status_code == 403:
        return True
    return response.status_code == 302 and not response["Location"].endswith(url)


def test_editors_cannot_open_any_personal_data_register(client, editor_user):
    urls = register_index_urls()
    assert len(urls) >= 4, urls  # bookings, sessions, school requests, idea submissions, ...
    client.force_login(editor_user)
    for url in urls:
        assert refused(client.get(url), url), url
    menu = client.get("/admin/").content.decode()
    for url in urls:
        assert f'"{url}"' not in menu, url


@pytest.mark.parametrize(
    ("user_fixture", "url_fragment"),
    [
        ("workshop_staff_user", "/admin/workshops/booking/"),
        ("coordinator_user", "/admin/campaigns/schoolrequest/"),
        ("coordinator_user", "/admin/initiatives/ideasubmission/"),
    ],
)
def test_each_register_opens_for_its_own_role(client, request, user_fixture, url_fragment):
    client.force_login(request.getfixturevalue(user_fixture))
    assert client.get(url_fragment).status_code == 200
    assert f'"{url_fragment}"' in client.get("/admin/").content.decode()  # and it is in their menu
