"""The organisation's profile and offers in the partner portal: changes go to CAS as revisions,
the public site shows the approved version, the organisation sees each change's state and CAS's
comment; the address for applications is a manager's to change."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from wagtail.models import WorkflowState

from home.roles import VOLUNTEER_COORDINATORS
from tests.factories import make_opportunity, make_organisation, make_partner, partner_login
from volunteers.models import Opportunity, Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation(home_page):
    return make_organisation(
        "Fundacja Zielony Sosnowiec",
        slug="fundacja-zielony-sosnowiec",
        krs="0000123456",
        description="Sadzimy drzewa.",
        email="zgloszenia@zielony.example.org",
        verified=True,
    )


@pytest.fixture
def member(organisation):
    return make_partner(organisation, role="member", email="czlonek@zielony.example.org")


@pytest.fixture
def manager(organisation):
    return make_partner(organisation, role="manager", email="menedzerka@zielony.example.org")


@pytest.fixture
def coordinator(django_user_model):
    user = django_user_model.objects.create_user("koordynatorka-cas", "koordynacja@cas.example.org", "x")
    user.groups.add(Group.objects.get(name=VOLUNTEER_COORDINATORS))
    return user


def decide(obj, action, coordinator, **kwargs):
    """What Koordynacja's "Zatwierdź" / "Poproś o zmiany" in the admin does: the workflow task."""
    task_state = WorkflowState.objects.for_instance(obj).get(status="in_progress").current_task_state
    getattr(task_state.specific, action)(user=coordinator, **kwargs)


def url(organisation, tail=""):
    return f"/partnerzy/{organisation.pk}/{tail}"


def public_html(slug):
    return Client().get(f"/wolontariat/organizacje/{slug}/").content.decode()


def profile_data(**changes):
    data = {"description": "Sadzimy drzewa i łąki kwietne.", "address": "ul. Zielona 1", "phone": ""}
    data.update(changes)
    return data


# --- Profile ------------------------------------------------------------------------------------


def test_a_member_s_profile_change_is_public_only_after_cas_approves(
    client, organisation, member, coordinator
):
    partner_login(client, member)
    page = client.get(url(organisation, "profil/"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Sadzimy drzewa." in html and 'name="description"' in html
    assert "<legend>" in html and 'for="id_description"' in html

    response = client.post(url(organisation, "profil/"), profile_data())
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "czeka na akceptację CAS" in page
    assert "Sadzimy drzewa i łąki kwietne." in page  # the form shows the change waiting
    public = public_html(organisation.slug)
    assert "Sadzimy drzewa." in public and "łąki kwietne" not in public

    decide(organisation, "approve", coordinator)
    assert "Sadzimy drzewa i łąki kwietne." in public_html(organisation.slug)
    changes = client.get(url(organisation, "zmiany/")).content.decode()
    assert "zaakceptowana i opublikowana" in changes


def test_a_refused_change_shows_cas_s_comment_and_the_public_page_stays(
    client, organisation, member, coordinator
):
    partner_login(client, member)
    client.post(url(organisation, "profil/"), profile_data(description="Reklama."))
    decide(organisation, "reject", coordinator, comment="Opis ma mówić o wolontariacie.")
    changes = client.get(url(organisation, "zmiany/")).content.decode()
    assert "odrzucona przez CAS" in changes
    assert "Opis ma mówić o wolontariacie." in changes
    assert "Reklama." not in public_html(organisation.slug)


def test_a_wrong_value_is_shown_next_to_its_field(client, organisation, member):
    partner_login(client, member)
    response = client.post(url(organisation, "profil/"), profile_data(website="to nie adres"))
    assert response.status_code == 422
    html = response.content.decode()
    assert 'class="error-summary"' in html and 'id="id_website-errors"' in html
    assert not WorkflowState.objects.for_instance(organisation).exists()


def test_an_invalid_change_from_the_service_is_shown_per_field(client, organisation, member, monkeypatch):
    from volunteers import services

    def refuse(*args, **kwargs):
        raise services.InvalidChange({"phone": ["Za długi numer."]})

    monkeypatch.setattr(services, "submit_organisation_change", refuse)
    partner_login(client, member)
    response = client.post(url(organisation, "profil/"), profile_data())
    assert response.status_code == 422
    assert 'id="id_phone-errors"' in response.content.decode()
    assert "Za długi numer." in response.content.decode()


# --- Offers -------------------------------------------------------------------------------------


def offer_data(**changes):
    data = {
        "title": "Sadzenie drzew w Parku Sieleckim",
        "description": "Sadzimy dęby.",
        "commitment": "jednorazowo",
    }
    data.update(changes)
    return data


def test_a_new_offer_waits_for_cas_and_is_published_on_approval(client, organisation, member, coordinator):
    partner_login(client, member)
    assert client.get(url(organisation, "oferty/nowa/")).status_code == 200
    response = client.post(url(organisation, "oferty/nowa/"), offer_data())
    assert response.status_code == 302
    offer = Opportunity.objects.get(organisation=organisation)
    assert not offer.live
    listing = client.get(url(organisation, "oferty/")).content.decode()
    assert "Sadzenie drzew w Parku Sieleckim" in listing and "czeka na akceptację CAS" in listing
    assert Client().get(f"/wolontariat/oferty/{offer.pk}/").status_code == 404

    decide(offer, "approve", coordinator)
    assert Client().get(f"/wolontariat/oferty/{offer.pk}/").status_code == 200
    assert "opublikowana" in client.get(url(organisation, "oferty/")).content.decode()


def test_an_offer_without_a_title_is_refused_per_field(client, organisation, member):
    partner_login(client, member)
    response = client.post(url(organisation, "oferty/nowa/"), offer_data(title=""))
    assert response.status_code == 422
    assert 'id="id_title-errors"' in response.content.decode()
    assert not Opportunity.objects.exists()


def test_editing_an_offer_keeps_the_public_version_until_approval(client, organisation, member, coordinator):
    offer = make_opportunity(organisation, "Pomoc w świetlicy", description="Odrabiamy lekcje.")
    partner_login(client, member)
    form = client.get(url(organisation, f"oferty/{offer.pk}/")).content.decode()
    assert "Pomoc w świetlicy" in form
    response = client.post(
        url(organisation, f"oferty/{offer.pk}/"),
        offer_data(title="Pomoc w świetlicy", description="Odrabiamy lekcje i gramy w szachy."),
    )
    assert response.status_code == 302
    public = Client().get(f"/wolontariat/oferty/{offer.pk}/").content.decode()
    assert "szachy" not in public
    assert "szachy" in client.get(url(organisation, f"oferty/{offer.pk}/")).content.decode()
    decide(offer, "approve", coordinator)
    assert "szachy" in Client().get(f"/wolontariat/oferty/{offer.pk}/").content.decode()


def test_closing_an_offer_asks_first_and_then_takes_it_off_the_site(client, organisation, member):
    offer = make_opportunity(organisation, "Pomoc w świetlicy")
    partner_login(client, member)
    confirm = client.get(url(organisation, f"oferty/{offer.pk}/zamknij/"))
    assert confirm.status_code == 200 and "Tak, zamknij ofertę" in confirm.content.decode()
    offer.refresh_from_db()
    assert offer.live  # a GET asks, it does not close
    response = client.post(url(organisation, f"oferty/{offer.pk}/zamknij/"))
    assert response.status_code == 302
    offer.refresh_from_db()
    assert not offer.live
    assert Client().get(f"/wolontariat/oferty/{offer.pk}/").status_code == 404
    assert "zamknięta" in client.get(url(organisation, "oferty/")).content.decode()


def test_duplicating_an_offer_makes_a_draft_copy_to_edit(client, organisation, member):
    offer = make_opportunity(organisation, "Pomoc w świetlicy")
    partner_login(client, member)
    assert client.get(url(organisation, f"oferty/{offer.pk}/kopia/")).status_code == 405
    response = client.post(url(organisation, f"oferty/{offer.pk}/kopia/"))
    copy = Opportunity.objects.exclude(pk=offer.pk).get()
    assert response["Location"] == url(organisation, f"oferty/{copy.pk}/")
    assert not copy.live and copy.title == "Pomoc w świetlicy (kopia)"
    assert not WorkflowState.objects.for_instance(copy).exists()  # nothing sent to CAS yet
    listing = client.get(url(organisation, "oferty/")).content.decode()
    assert "szkic, niewysłany do CAS" in listing


def test_the_offer_list_runs_a_constant_number_of_queries(
    client, organisation, member, django_assert_max_num_queries
):
    partner_login(client, member)
    make_opportunity(organisation)
    client.get(url(organisation, "oferty/"))
    for _ in range(5):
        make_opportunity(organisation)
    with django_assert_max_num_queries(25):
        assert client.get(url(organisation, "oferty/")).status_code == 200


# --- The address for applications -------------------------------------------------------------


def test_a_member_cannot_change_the_address_for_applications(client, organisation, member):
    partner_login(client, member)
    assert client.get(url(organisation, "adres-zgloszen/")).status_code == 403
    response = client.post(url(organisation, "adres-zgloszen/"), {"email": "ktos@example.org"})
    assert response.status_code == 403
    assert not mail.outbox
    assert "adres-zgloszen" not in client.get(url(organisation, "profil/")).content.decode()


def test_a_manager_asks_for_a_new_address_which_waits_for_its_owner(client, organisation, manager):
    partner_login(client, manager)
    page = client.get(url(organisation, "adres-zgloszen/")).content.decode()
    assert "zgloszenia@zielony.example.org" in page
    response = client.post(url(organisation, "adres-zgloszen/"), {"email": "nowy@zielony.example.org"})
    assert response.status_code == 302
    page = client.get(url(organisation, "adres-zgloszen/")).content.decode()
    assert "nowy@zielony.example.org" in page and "Czeka na potwierdzenie" in page
    organisation.refresh_from_db()
    assert organisation.email == "zgloszenia@zielony.example.org"


def test_a_wrong_address_is_a_form_error(client, organisation, manager):
    partner_login(client, manager)
    response = client.post(url(organisation, "adres-zgloszen/"), {"email": "nie-adres"})
    assert response.status_code == 422
    assert 'id="id_email-errors"' in response.content.decode()


# --- Isolation ------------------------------------------------------------------------------------


def test_an_offer_of_another_organisation_is_404_on_every_offer_page(client, organisation, member):
    other = make_organisation("Fundacja Inna")
    foreign = make_opportunity(other, "Oferta innej fundacji")
    partner_login(client, member)
    for tail in ("", "zamknij/", "kopia/"):
        path = url(organisation, f"oferty/{foreign.pk}/{tail}")
        assert client.get(path).status_code in (404, 405), tail
        assert client.post(path, offer_data()).status_code == 404, tail
    foreign.refresh_from_db()
    assert foreign.live and foreign.title == "Oferta innej fundacji"
    assert Opportunity.objects.filter(organisation=other).count() == 1
    assert not WorkflowState.objects.for_instance(foreign).exists()


def test_without_a_membership_the_pages_are_404_and_nothing_changes(client, organisation):
    outsider = make_partner(make_organisation("Fundacja Obca"), role="manager")
    partner_login(client, outsider)
    for tail in ("profil/", "oferty/", "oferty/nowa/", "zmiany/", "adres-zgloszen/"):
        assert client.get(url(organisation, tail)).status_code == 404, tail
        assert client.post(url(organisation, tail), profile_data(email="x@example.org")).status_code == 404
    assert Organisation.objects.get(pk=organisation.pk).description == "Sadzimy drzewa."
    assert not WorkflowState.objects.for_instance(organisation).exists()
