"""Join requests: an organisation asks with its KRS number (a public form: rate limit, honeypot,
clear errors, the same answer whatever is on file), a coordinator verifies it in the admin,
which creates or links the directory's organisation and invites the requester as manager."""

import pytest
from django.conf import settings
from django.core import mail

from home.models import OutgoingEmail
from tests.factories import link_token, make_organisation
from volunteers.models import Organisation
from volunteers.partners.models import Invitation, JoinRequest, Membership

pytestmark = pytest.mark.django_db

JOIN = "/partnerzy/dolacz/"


def form(**overrides):
    data = {
        "organisation_name": "Fundacja Sosnowieckie Dzieci",
        "krs": "0000 765 432",
        "contact_name": "Anna Kowalska",
        "email": "Anna@Fundacja.example.org",
        "website": "",
    }
    return {**data, **overrides}


def test_join_request_form_is_accessible(home_page, client):
    page = client.get(JOIN)
    html = page.content.decode()
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    assert '<label for="id_krs">Numer KRS' in html and 'class="hp" aria-hidden="true"' in html


def test_a_join_request_is_stored_and_acknowledged_neutrally(home_page, client, commit):
    response = commit(client.post, JOIN, form(organisation_name="Kliknij http://evil.example/"))
    assert response.status_code == 302 and response["Location"] == "/partnerzy/dolacz/wyslano/"
    request = JoinRequest.objects.get()
    assert (request.krs, request.email, request.status) == (
        "0000765432",
        "anna@fundacja.example.org",
        "submitted",
    )
    to_requester = [m for m in mail.outbox if m.to == ["anna@fundacja.example.org"]]
    to_staff = [m for m in mail.outbox if m.to == [settings.CAS_STAFF_EMAIL]]
    assert len(to_requester) == 1 and len(to_staff) == 1
    assert "evil.example" not in to_requester[0].body  # nothing the anonymous sender typed
    assert "0000765432" in to_staff[0].body


def test_bad_krs_gets_a_clear_polish_error_and_keeps_what_was_typed(home_page, client):
    response = client.post(JOIN, form(krs="12345"))
    html = response.content.decode()
    assert response.status_code == 422
    assert "Numer KRS to dokładnie 10 cyfr" in html and 'value="Anna Kowalska"' in html
    assert not JoinRequest.objects.exists()


def test_the_honeypot_stores_nothing_and_answers_alike(home_page, client, commit):
    response = commit(client.post, JOIN, form(website="http://spam.example/"))
    assert response.status_code == 302 and response["Location"] == "/partnerzy/dolacz/wyslano/"
    assert not JoinRequest.objects.exists() and not mail.outbox


def test_the_answer_does_not_tell_whether_the_krs_or_address_is_known(home_page, client, commit, manager):
    known = commit(client.post, JOIN, form(krs="0000123456", email=manager.user.email))
    unknown = commit(client.post, JOIN, form(krs="0000999999", email="nowa@example.org"))
    assert (known.status_code, known["Location"], known.content) == (
        unknown.status_code,
        unknown["Location"],
        unknown.content,
    )
    assert JoinRequest.objects.count() == 2  # both reach the coordinator, who decides


def test_coordinator_verifies_a_new_organisation_and_the_requester_is_invited(
    home_page, client, coordinator_user, commit
):
    commit(client.post, JOIN, form())
    request = JoinRequest.objects.get()
    mail.outbox.clear()
    client.force_login(coordinator_user)
    page = client.get("/admin/partners/joinrequest/")
    assert page.status_code == 200 and "Zweryfikuj" in page.content.decode()
    verify = f"/admin/partners/joinrequest/verify/{request.pk}/"
    assert client.get(verify).status_code == 200
    response = commit(client.post, verify, {"organisation": ""})
    assert response.status_code == 302

    request.refresh_from_db()
    organisation = Organisation.objects.get(krs="0000765432")
    assert (request.status, request.organisation, request.decided_by) == (
        "verified",
        organisation,
        coordinator_user,
    )
    assert organisation.name == "Fundacja Sosnowieckie Dzieci" and organisation.verified
    assert not organisation.live  # a draft until CAS publishes the profile
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.join_request) == (
        "anna@fundacja.example.org",
        "manager",
        request,
    )
    [message] = mail.outbox
    token = link_token(message, "/partnerzy/zaproszenie/")
    visitor = client.__class__()
    response = visitor.post(
        "/partnerzy/zaproszenie/",
        {
            "token": token,
            "first_name": "Anna",
            "last_name": "Kowalska",
            "password1": "Mocne-Haslo-Fundacji-7",
            "password2": "Mocne-Haslo-Fundacji-7",
        },
    )
    assert response.status_code == 302
    assert Membership.objects.get(organisation=organisation).role == "manager"

    # Decided once: no second verification (Wagtail answers a refusal with a redirect home).
    response = client.post(verify, {"organisation": ""})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert Invitation.objects.count() == 1


def test_verification_links_the_organisation_already_in_the_directory(
    home_page, client, coordinator_user, commit
):
    existing = make_organisation(name="Fundacja SD", krs="0000765432")
    commit(client.post, JOIN, form())
    request = JoinRequest.objects.get()
    client.force_login(coordinator_user)
    page = client.get(f"/admin/partners/joinrequest/verify/{request.pk}/")
    assert f'<option value="{existing.pk}" selected>' in page.content.decode()  # proposed by its KRS
    commit(client.post, f"/admin/partners/joinrequest/verify/{request.pk}/", {"organisation": existing.pk})
    assert Organisation.objects.filter(krs="0000765432").count() == 1
    assert Invitation.objects.get().organisation == existing


def test_coordinator_rejects_with_a_reason_that_reaches_the_requester(
    home_page, client, coordinator_user, commit
):
    commit(client.post, JOIN, form())
    request = JoinRequest.objects.get()
    mail.outbox.clear()
    client.force_login(coordinator_user)
    response = commit(
        client.post,
        f"/admin/partners/joinrequest/reject/{request.pk}/",
        {"reason": "W KRS figuruje inna nazwa; prosimy o kontakt telefoniczny."},
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "rejected"
    [message] = mail.outbox
    assert message.to == ["anna@fundacja.example.org"] and "inna nazwa" in message.body
    assert not Invitation.objects.exists()
    assert OutgoingEmail.objects.filter(kind="partners.join_request_rejected").exists()


def test_editors_cannot_see_or_decide_join_requests(home_page, client, editor_user, commit):
    commit(client.post, JOIN, form())
    request = JoinRequest.objects.get()
    client.force_login(editor_user)
    for url in (
        "/admin/partners/joinrequest/",
        f"/admin/partners/joinrequest/verify/{request.pk}/",
        "/admin/partners/membership/create/",
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
    request.refresh_from_db()
    assert request.status == "submitted"
