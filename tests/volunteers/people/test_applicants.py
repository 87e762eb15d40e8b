"""What an organisation sees of its applicants, how long it sees their contact data, and the
record of every look (readable by volunteer coordinators only)."""

from dataclasses import fields
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import make_opportunity, make_organisation, make_volunteer
from volunteers.people import services
from volunteers.people.choices import ApplicationStatus, Channel, DataAccessKind
from volunteers.people.models import ApplicantDataAccess, Application
from volunteers.people.viewsets import ApplicantDataAccessAdmin, ApplicationAdmin

pytestmark = pytest.mark.django_db

S = ApplicationStatus


@pytest.fixture
def organisation():
    return make_organisation("Fundacja Zielony Zaułek", email="biuro@zaulek.example.org")


@pytest.fixture
def other_organisation():
    return make_organisation("Stowarzyszenie Inne")


def apply(volunteer, organisation, message="", title=None):
    return services.apply_to_opportunity(volunteer, make_opportunity(organisation, title).pk, message)


def test_an_organisation_lists_only_applications_to_its_own_opportunities(organisation, other_organisation):
    mine = apply(make_volunteer(first_name="Ala"), organisation)
    theirs = apply(make_volunteer(first_name="Ola"), other_organisation)
    assert list(services.applications_for_organisation(organisation)) == [mine]
    assert list(services.applications_for_organisation(other_organisation)) == [theirs]
    assert services.application_of_organisation(organisation, mine.pk) == mine
    for wrong in (theirs.pk, 0, "x", 2**40, None):
        with pytest.raises(services.NotFound) as missing:
            services.application_of_organisation(organisation, wrong)
        assert missing.value.status == 404


def test_the_applicant_view_holds_what_the_organisation_needs_and_nothing_more(organisation):
    volunteer = make_volunteer(
        first_name="Ala",
        email="ala@example.org",
        phone="600 100 200",
        age=30,
        about="Lubię sadzić drzewa",
        skills=["ogrodnictwo"],
    )
    application = apply(volunteer, organisation, "Mam rękawice.", "Sadzenie drzew")
    view = services.applicant_view(application)
    assert {f.name for f in fields(view)} == {
        "application", "opportunity", "opportunity_title", "status", "created_at", "closed_at",
        "first_name", "email", "phone", "age_band", "age_band_label", "minor", "guardian_consent",
        "message", "contact_visible", "contact_hidden_reason", "contact_access_until",
    }  # fmt: skip
    assert (view.first_name, view.email, view.phone) == ("Ala", "ala@example.org", "600 100 200")
    assert (view.age_band, view.age_band_label, view.minor) == ("adult", "18 lat i więcej", False)
    assert view.guardian_consent is None
    assert view.message == "Mam rękawice." and view.opportunity_title == "Sadzenie drzew"
    assert view.contact_visible and view.contact_access_until is None
    flat = str(view.as_dict())
    for private in ("Lubię sadzić", str(volunteer.birth_year), "zagorze", "ogrodnictwo", "opiekun"):
        assert private not in flat  # no birth year, district, skills, about, guardian address


@pytest.mark.parametrize(
    ("age", "band", "label"), [(13, "young_teen", "13–15 lat"), (17, "older_teen", "16–17 lat")]
)
def test_minors_show_an_age_band_and_the_guardians_consent(organisation, age, band, label):
    volunteer = make_volunteer(age=age)
    view = services.applicant_view(apply(volunteer, organisation))
    assert (view.age_band, view.age_band_label, view.minor) == (band, label, True)
    assert view.guardian_consent == "confirmed"
    type(volunteer).objects.filter(pk=volunteer.pk).update(guardian_confirmed_at=None)
    application = Application.objects.select_related("volunteer").get(volunteer=volunteer)
    assert services.applicant_view(application).guardian_consent == "pending"


@pytest.mark.parametrize("closing", [S.DECLINED, S.WITHDRAWN, S.COMPLETED])
def test_contact_data_is_hidden_once_closed_for_longer_than_the_retention_period(
    organisation, settings, closing
):
    settings.CAS_PARTNER_CONTACT_ACCESS_DAYS = 90
    application = apply(make_volunteer(first_name="Ala", phone="600 100 200"), organisation, "Hej")
    if closing == S.COMPLETED:
        services.change_application_status(application, S.ACCEPTED, via=Channel.PORTAL)
    via = Channel.VOLUNTEER if closing == S.WITHDRAWN else Channel.PORTAL
    services.change_application_status(application, closing, via=via)
    closed_at = application.closed_at
    assert closed_at is not None

    on_the_last_day = services.applicant_view(application, now=closed_at + timedelta(days=90))
    assert on_the_last_day.contact_visible and on_the_last_day.email and on_the_last_day.phone
    assert on_the_last_day.contact_access_until == closed_at + timedelta(days=90)

    later = services.applicant_view(application, now=closed_at + timedelta(days=90, seconds=1))
    assert not later.contact_visible and later.contact_hidden_reason == "closed"
    assert later.email is None and later.phone is None
    # The rest stays for the organisation's history.
    assert (later.first_name, later.message, later.status, later.age_band) == ("Ala", "Hej", closing, "adult")


def test_the_retention_period_is_a_setting(organisation, settings):
    application = apply(make_volunteer(), organisation)
    services.change_application_status(application, S.DECLINED, via=Channel.PORTAL)
    in_ten_days = application.closed_at + timedelta(days=10)
    settings.CAS_PARTNER_CONTACT_ACCESS_DAYS = 30
    assert services.applicant_view(application, now=in_ten_days).contact_visible
    settings.CAS_PARTNER_CONTACT_ACCESS_DAYS = 7
    assert not services.applicant_view(application, now=in_ten_days).contact_visible


def test_open_and_accepted_applications_keep_their_contact_however_old(organisation):
    application = apply(make_volunteer(), organisation)
    services.change_application_status(application, S.ACCEPTED, via=Channel.PORTAL)
    assert services.applicant_view(application, now=timezone.now() + timedelta(days=3650)).contact_visible


def test_an_erased_applicant_shows_nothing_personal(organisation, bearer):
    from tests.factories import self_service_token

    volunteer = make_volunteer(first_name="Ala")
    application = apply(volunteer, organisation, "Hej")
    assert bearer("delete", "volunteers/me", self_service_token(volunteer)).status_code == 204
    view = services.applicant_view(Application.objects.get(pk=application.pk))
    assert view.status == S.WITHDRAWN and view.contact_hidden_reason == "erased"
    assert (view.first_name, view.email, view.phone, view.age_band, view.message) == (
        None,
        None,
        None,
        None,
        "",
    )


# --- The record of views ---------------------------------------------------------------------


def test_showing_an_applicant_writes_an_audit_entry(organisation, django_user_model):
    member = django_user_model.objects.create_user("czlonek", "czlonek@zaulek.example.org")
    application = apply(make_volunteer(first_name="Ala"), organisation)
    view = services.show_applicant(application, by=member, via=Channel.PORTAL, organisation=organisation)
    assert view.first_name == "Ala"
    [entry] = ApplicantDataAccess.objects.all()
    assert (entry.user, entry.organisation, entry.application, entry.application_number) == (
        member,
        organisation,
        application,
        application.pk,
    )
    assert (entry.via, entry.kind, entry.contact_shown) == (Channel.PORTAL, DataAccessKind.VIEW, True)
    assert timezone.now() - entry.at < timedelta(seconds=5)


def test_a_look_after_the_retention_period_is_recorded_without_contact(organisation, django_user_model):
    member = django_user_model.objects.create_user("czlonek", "czlonek@zaulek.example.org")
    application = apply(make_volunteer(), organisation)
    services.change_application_status(application, S.DECLINED, via=Channel.API)
    later = application.closed_at + timedelta(days=400)
    services.show_applicant(application, by=member, via=Channel.API, organisation=organisation, now=later)
    entry = ApplicantDataAccess.objects.get()
    assert entry.contact_shown is False and entry.via == Channel.API and entry.at == later


def test_another_organisation_cannot_be_shown_an_applicant(
    organisation, other_organisation, django_user_model
):
    member = django_user_model.objects.create_user("obcy", "obcy@example.org")
    application = apply(make_volunteer(), organisation)
    with pytest.raises(services.NotFound):
        services.show_applicant(application, by=member, via=Channel.PORTAL, organisation=other_organisation)
    assert not ApplicantDataAccess.objects.exists()


def test_the_entry_outlives_the_viewer_and_the_application(organisation, django_user_model):
    member = django_user_model.objects.create_user("czlonek", "czlonek@zaulek.example.org")
    application = apply(make_volunteer(), organisation)
    services.record_personal_data_view(application, by=member, via=Channel.PORTAL, organisation=organisation)
    member.delete()
    application.opportunity.delete()  # takes its applications along
    entry = ApplicantDataAccess.objects.get()
    assert entry.user is None and entry.application is None and entry.application_number == application.pk


def test_staff_inspect_and_export_of_applications_are_recorded(
    home_page, client, coordinator_user, organisation
):
    application = apply(make_volunteer(first_name="Ala", email="ala@example.org"), organisation)
    client.force_login(coordinator_user)
    admin = ApplicationAdmin().url_helper
    assert "ala@example.org" in client.get(admin.get_action_url("inspect", application.pk)).content.decode()
    entry = ApplicantDataAccess.objects.get()
    assert (entry.user, entry.organisation, entry.via, entry.kind) == (
        coordinator_user,
        None,  # CAS staff, not an organisation
        Channel.ADMIN,
        DataAccessKind.VIEW,
    )
    response = client.get(admin.index_url, {"export": "csv"})
    assert "ala@example.org" in b"".join(response.streaming_content).decode()
    assert (
        ApplicantDataAccess.objects.filter(kind=DataAccessKind.EXPORT, application=application).count() == 1
    )


@pytest.fixture
def entries(organisation, other_organisation, django_user_model, coordinator_user):
    member = django_user_model.objects.create_user("czlonek-zaulka", "c@zaulek.example.org")
    ours = apply(make_volunteer(), organisation)
    theirs = apply(make_volunteer(), other_organisation)
    services.record_personal_data_view(ours, by=member, via=Channel.PORTAL, organisation=organisation)
    services.record_personal_data_view(ours, by=member, via=Channel.API, organisation=organisation)
    services.record_personal_data_view(theirs, by=coordinator_user, via=Channel.ADMIN)
    return ours, theirs


def test_coordinators_read_and_filter_the_record(home_page, client, coordinator_user, entries, organisation):
    _ours, theirs = entries
    client.force_login(coordinator_user)
    index = ApplicantDataAccessAdmin().url_helper.index_url
    html = client.get(index).content.decode()
    assert "czlonek-zaulka" in html and "portal partnera" in html and "API partnera" in html
    assert "Fundacja Zielony Zaułek" in html

    def shown(**params):
        return client.get(index, params).context["object_list"].count()

    assert shown() == 3
    assert shown(via__exact="api") == 1
    assert shown(organizacja=organisation.slug) == 2
    assert shown(organizacja="cas") == 1
    assert shown(zgloszenie_organizacji=organisation.slug) == 2
    assert shown(q=str(theirs.pk)) == 1
    export = client.get(index, {"export": "csv"})
    assert "czlonek-zaulka" in b"".join(export.streaming_content).decode()
    # Read only: nobody writes or deletes an entry by hand.
    admin = ApplicantDataAccessAdmin().url_helper
    entry = ApplicantDataAccess.objects.first()
    for action in ("create", "edit", "delete"):
        url = admin.get_action_url(action) if action == "create" else admin.get_action_url(action, entry.pk)
        assert client.get(url).status_code in (302, 403)


def test_other_roles_cannot_read_the_record(
    home_page, client, editor_user, workshop_staff_user, entries, django_user_model
):
    index = ApplicantDataAccessAdmin().url_helper.index_url
    member = django_user_model.objects.get(username="czlonek-zaulka")
    for user in (editor_user, workshop_staff_user, member):
        client.force_login(user)
        response = client.get(index)
        assert response.status_code in (302, 403)
        assert "czlonek-zaulka" not in response.content.decode()
        assert not user.has_perm("people.view_applicantdataaccess")


def test_the_record_is_kept_for_its_retention_period(organisation, settings):
    from home.privacy import apply_retention

    settings.CAS_RETENTION_DATA_ACCESS_DAYS = 730
    application = apply(make_volunteer(), organisation)
    now = timezone.now()
    old = services.record_personal_data_view(
        application, by=None, via=Channel.PORTAL, organisation=organisation, at=now - timedelta(days=731)
    )
    recent = services.record_personal_data_view(
        application, by=None, via=Channel.PORTAL, organisation=organisation, at=now - timedelta(days=729)
    )
    [result] = [r for r in apply_retention(now=now) if r.models == ["people.ApplicantDataAccess"]]
    assert result.deleted == 1
    assert list(ApplicantDataAccess.objects.all()) == [recent]
    assert not ApplicantDataAccess.objects.filter(pk=old.pk).exists()
