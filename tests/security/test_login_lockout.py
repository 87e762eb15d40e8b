"""Admin brute force: 5 failures per username and address, then an hour of lockout."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user(django_user_model):
    return django_user_model.objects.create_superuser("szefowa", "szefowa@example.org", "prawdziwe-haslo-42")


def login(client, password, address):
    return client.post(
        "/admin/login/",
        {"username": "szefowa", "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def test_five_failures_lock_the_account_from_that_address(client, admin_user):
    for _ in range(5):
        response = login(client, "zle-haslo", "203.0.113.7")
    response = login(client, "prawdziwe-haslo-42", "203.0.113.7")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Logowanie zablokowane" in html
    assert "na godzinę" in html
    assert "_auth_user_id" not in client.session


def test_real_admin_from_another_address_still_gets_in(client, admin_user):
    for _ in range(6):
        login(client, "zle-haslo", "203.0.113.7")
    response = login(client, "prawdziwe-haslo-42", "198.51.100.20")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(admin_user.pk)


def test_four_failures_do_not_lock(client, admin_user):
    for _ in range(4):
        login(client, "zle-haslo", "203.0.113.7")
    response = login(client, "prawdziwe-haslo-42", "203.0.113.7")
    assert response.status_code == 302
