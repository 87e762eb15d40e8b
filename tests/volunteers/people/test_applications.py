"""Applications: eligibility rules, one per offer, the organisation e-mailed, statuses."""

import pytest
from django.core import mail

from tests.factories import days, make_opportunity, make_organisation, make_volunteer, self_service_token
from volunteers.people import services
from volunteers.people.choices import ApplicationStatus, VolunteerStatus
from volunteers.people.models import Application

pytestmark = pytest.mark.django_db


def apply(bearer, volunteer, opportunity, message=""):
    return bearer(
        "post",
        "volunteers/me/applications",
        self_service_token(volunteer),
        {"opportunity": opportunity.pk, "message": message},
    )


def test_active_volunteer_applies_and_the_organisation_gets_contact_details(bearer, commit):
    organisation = make_organisation("Fundacja Zielony Test", email="biuro@zielony.example.org")
    opportunity = make_opportunity(organisation, "Sadzenie drzew")
    volunteer = make_volunteer(first_name="Ala", email="ala@example.org", phone="600100200")
    response = commit(apply, bearer, volunteer, opportunity, "Mam rękawice.")
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "nowe"
    [message] = mail.outbox
    assert message.to == ["biuro@zielony.example.org"]
    assert "Sadzenie drzew" in message.subject
    for text in ("Ala", "ala@example.org", "600100200", "Mam rękawice."):
        assert text in message.body


def test_organisation_without_email_goes_to_cas_staff(bearer, commit, settings):
    opportunity = make_opportunity(make_organisation(email=""))
    commit(apply, bearer, make_volunteer(), opportunity)
    assert mail.outbox[0].to == [settings.CAS_STAFF_EMAIL]


def test_applying_twice_is_a_conflict(bearer):
    volunteer, opportunity = make_volunteer(), make_opportunity()
    assert apply(bearer, volunteer, opportunity).status_code == 201
    response = apply(bearer, volunteer, opportunity)
    assert response.status_code == 409
    assert "Już zgłosiłeś" in response.json()["detail"]
    assert Application.objects.count() == 1


@pytest.mark.parametrize(
    ("age", "min_age", "allowed"), [(15, 16, False), (16, 16, True), (17, 18, False), (18, 18, True)]
)
def test_minimum_age_by_birth_year(bearer, age, min_age, allowed):
    response = apply(bearer, make_volunteer(age=age), make_opportunity(min_age=min_age))
    assert response.status_code == (201 if allowed else 422)
    if not allowed:
        assert f"od {min_age} lat" in response.json()["detail"]


def test_minor_without_guardian_confirmation_cannot_apply(bearer):
    volunteer = make_volunteer(age=15, status=VolunteerStatus.PENDING_GUARDIAN)
    response = apply(bearer, volunteer, make_opportunity())
    assert response.status_code == 422
    assert "opiekun" in response.json()["detail"]
    minor = make_volunteer(age=15, guardian_confirmed_at=None)  # active but never confirmed: refused too
    assert apply(bearer, minor, make_opportunity()).status_code == 422


def test_unconfirmed_volunteer_cannot_apply():
    volunteer = make_volunteer(status=VolunteerStatus.PENDING_CONFIRMATION)
    with pytest.raises(services.NotEligible):
        services.apply_to_opportunity(volunteer, make_opportunity().pk)


@pytest.mark.parametrize(
    "fields", [{"live": False}, {"ends_on": days(-1)}, {"application_deadline": days(-1)}], ids=str
)
def test_closed_opportunities_cannot_be_applied_to(bearer, fields):
    response = apply(bearer, make_volunteer(), make_opportunity(**fields))
    assert response.status_code == 404
    assert not Application.objects.exists()


def test_unknown_fields_in_application_are_refused(bearer):
    volunteer, opportunity = make_volunteer(), make_opportunity()
    response = bearer(
        "post",
        "volunteers/me/applications",
        self_service_token(volunteer),
        {"opportunity": opportunity.pk, "status": "przyjete"},
    )
    assert response.status_code == 422


def test_statuses_and_withdrawal():
    assert [s.label for s in ApplicationStatus] == [
        "nowe",
        "w kontakcie",
        "przyjęte",
        "odrzucone",
        "wycofane",
        "zakończone",
    ]
    volunteer = make_volunteer()
    application = services.apply_to_opportunity(volunteer, make_opportunity().pk)
    services.withdraw_application(volunteer, application.pk)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    with pytest.raises(services.NotFound):
        services.withdraw_application(make_volunteer(), application.pk)
