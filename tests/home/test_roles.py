import pytest

pytestmark = pytest.mark.django_db


def test_admin_speaks_polish_by_default(client):
    html = client.get("/admin/login/").content.decode()
    assert 'lang="pl"' in html
    assert "Zaloguj" in html


def test_editor_can_edit_pages(client, home_page, editor_user):
    client.force_login(editor_user)
    assert client.get("/admin/").status_code == 200
    response = client.get(f"/admin/pages/{home_page.pk}/edit/")
    assert response.status_code == 200


def test_coordinator_cannot_edit_pages(client, home_page, coordinator_user):
    client.force_login(coordinator_user)
    assert client.get("/admin/").status_code == 200
    response = client.get(f"/admin/pages/{home_page.pk}/edit/")
    assert response.status_code in {302, 403}


def test_roles_exist_with_admin_access():
    from django.contrib.auth.models import Group

    for name in ["Redakcja", "Koordynacja wolontariatu", "Warsztaty"]:
        group = Group.objects.get(name=name)
        assert group.permissions.filter(codename="access_admin").exists()
    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()
