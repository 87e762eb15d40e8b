"""Coordinators' admin: lists, filters, search, inspect and export with audit entries; editors refused."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import ModelLogEntry

from tests.factories import born, make_opportunity, make_volunteer
from volunteers.people import services
from volunteers.people.choices import ConsentPurpose
from volunteers.people.models import ConsentText
from volunteers.people.viewsets import ApplicationAdmin, ConsentTextAdmin, VolunteerAdmin

pytestmark = pytest.mark.django_db


def url(admin_class, action="index", *args):
    return admin_class().url_helper.get_action_url(action, *args)


def read(response):
    return b"".join(response.streaming_content).decode()


@pytest.fixture
def people():
    return {
        "ala": make_volunteer(first_name="Ala", age=15, skills=["fotografia"], district="zagorze"),
        "ola": make_volunteer(first_name="Ola", age=30, areas=["ekologia"], district="pogon"),
    }


def test_coordinator_lists_filters_and_searches(home_page, client, coordinator_user, people):
    client.force_login(coordinator_user)
    index = url(VolunteerAdmin)
    html = client.get(index).content.decode()
    assert "Ala" in html and "Ola" in html
    html = client.get(index, {"dzielnica": "pogon"}).content.decode()
    assert "Ola" in html and "Ala" not in html
    assert "Ala" not in client.get(index, {"wiek": "26+"}).content.decode()
    assert "Ala" in client.get(index, {"wiek": "13-15"}).content.decode()
    assert "Ala" not in client.get(index, {"q": "Ola"}).content.decode()
    assert "Ola" not in client.get(index, {"status__exact": "pending_guardian"}).content.decode()
    html = client.get(index, {"umiejetnosc": "fotografia"}).content.decode()
    assert "Ala" in html and "Ola" not in html
    html = client.get(index, {"obszar": "ekologia"}).content.decode()
    assert "Ola" in html and "Ala" not in html


def test_inspect_and_export_are_audited(home_page, client, coordinator_user, people):
    client.force_login(coordinator_user)
    response = client.get(url(VolunteerAdmin, "inspect", people["ala"].pk))
    assert response.status_code == 200
    assert people["ala"].email in response.content.decode()
    assert "fotografia i wideo" in response.content.decode().lower()
    entry = ModelLogEntry.objects.get(action="cas.volunteer.inspect")
    assert entry.user == coordinator_user and entry.object_id == str(people["ala"].pk)
    assert "Ala" not in entry.label

    for export_format in ("csv", "xlsx"):
        response = client.get(url(VolunteerAdmin), {"export": export_format})
        assert response.status_code == 200
    csv = read(client.get(url(VolunteerAdmin), {"export": "csv"}))
    assert "ola" in csv.lower() and people["ola"].email in csv
    assert ModelLogEntry.objects.filter(action="cas.volunteer.export").count() == 6  # 2 people × 3 exports


def test_applications_admin_shows_status_and_contact(home_page, client, coordinator_user, people):
    application = services.apply_to_opportunity(people["ola"], make_opportunity(title="Sadzenie").pk, "Hej")
    client.force_login(coordinator_user)
    html = client.get(url(ApplicationAdmin)).content.decode()
    assert "Sadzenie" in html and "Ola" in html and "nowe" in html
    inspect = client.get(url(ApplicationAdmin, "inspect", application.pk))
    assert inspect.status_code == 200
    assert f"Ola, {people['ola'].email}" in inspect.content.decode()
    assert ModelLogEntry.objects.filter(action="cas.application.inspect").count() == 1
    response = client.post(url(ApplicationAdmin, "status", application.pk), {"status": "w-kontakcie"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "w-kontakcie"
    csv = read(client.get(url(ApplicationAdmin), {"export": "csv"}))
    assert people["ola"].email in csv
    assert ModelLogEntry.objects.filter(action="cas.volunteer.export").count() == 1


def test_coordinators_cannot_edit_or_delete_volunteers(home_page, client, coordinator_user, people):
    client.force_login(coordinator_user)
    assert client.get(url(VolunteerAdmin, "edit", people["ala"].pk)).status_code in (302, 403)
    assert client.get(url(VolunteerAdmin, "delete", people["ala"].pk)).status_code in (302, 403)
    assert client.get(url(VolunteerAdmin, "create")).status_code in (302, 403)


@pytest.mark.parametrize("admin_class", [VolunteerAdmin, ApplicationAdmin, ConsentTextAdmin])
def test_editors_cannot_open_any_of_it(home_page, client, editor_user, people, admin_class):
    client.force_login(editor_user)
    response = client.get(url(admin_class))
    assert response.status_code in (302, 403)
    assert "Ala" not in response.content.decode()
    assert client.get(url(VolunteerAdmin, "inspect", people["ala"].pk)).status_code in (302, 403)
    assert client.get(url(VolunteerAdmin), {"export": "csv"}).status_code in (302, 403)
    assert not ModelLogEntry.objects.filter(action__startswith="cas.volunteer").exists()


def test_editors_and_workshop_staff_hold_no_registry_permission(editor_user, workshop_staff_user):
    for user in (editor_user, workshop_staff_user):
        for codename in ("view_volunteer", "view_application", "view_consent", "view_consenttext"):
            assert not user.has_perm(f"people.{codename}")


def test_consent_texts_change_only_as_new_versions(home_page, client, coordinator_user):
    first = ConsentText.objects.get(purpose=ConsentPurpose.NEWSLETTER)
    first.text = "Zmieniona treść"
    with pytest.raises(ValidationError, match="nową wersję"):
        first.save()
    client.force_login(coordinator_user)
    response = client.post(
        url(ConsentTextAdmin, "create"), {"purpose": "newsletter", "text": "Nowa treść newslettera."}
    )
    assert response.status_code == 302
    latest = services.current_text(ConsentPurpose.NEWSLETTER)
    assert latest.version == 2 and latest.text == "Nowa treść newslettera."
    assert ConsentText.objects.get(pk=first.pk).text != "Zmieniona treść"
    assert client.get(url(ConsentTextAdmin, "edit", first.pk)).status_code in (302, 403)
    # consents given from now on point at version 2; earlier ones keep version 1
    volunteer = make_volunteer(age=20)
    assert services.record_consent(volunteer, ConsentPurpose.NEWSLETTER).text_version == 2
    assert born(20)


def test_the_database_refuses_to_rewrite_a_published_text():
    from django.db import DatabaseError, transaction

    with pytest.raises(DatabaseError), transaction.atomic():
        ConsentText.objects.filter(purpose=ConsentPurpose.TERMS).update(text="Po cichu zmieniona treść")
    assert "Po cichu" not in ConsentText.objects.get(purpose=ConsentPurpose.TERMS).text
