"""The registry on the website: sign-up, confirmations from e-mail links, self-service, "Aplikuj"."""

import json
import time

import pytest
from django.core import mail

from tests.factories import born, mails_to, make_opportunity, make_volunteer, self_service_token, token_from
from volunteers.people import services
from volunteers.people.choices import ApplicationStatus, ConsentPurpose, VolunteerStatus
from volunteers.people.models import Application, Consent, Volunteer
from volunteers.people.views import SESSION_KEY

pytestmark = pytest.mark.django_db

JOIN = "/wolontariat/dolacz/"
MY_DATA = "/wolontariat/moje-dane/"


def form_data(**overrides):
    data = {
        "first_name": "Kasia",
        "email": "kasia.www@example.org",
        "phone": "",
        "birth_year": str(born(19)),
        "guardian_email": "",
        "district": "zagorze",
        "skills": ["fotografia"],
        "areas": ["ekologia"],
        "availability": ["weekendy"],
        "about": "",
        "terms": "on",
        "data_processing": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def open_session(client, volunteer):
    token = self_service_token(volunteer)
    response = client.post(MY_DATA, {"action": "open", "token": token})
    assert response.status_code == 302 and response["Location"] == MY_DATA
    return token


def test_join_page_is_an_accessible_form(home_page, client):
    response = client.get(JOIN)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<label for="id_first_name">' in html
    assert "<legend>Co umiesz" in html and "<legend>Kiedy możesz pomagać" in html
    assert 'class="hp" aria-hidden="true"' in html
    assert "<script" not in html.split("<main", 1)[-1]


def test_join_page_shows_the_chosen_opportunity(home_page, client):
    opportunity = make_opportunity(title="Fotorelacja z festynu")
    response = client.get(f"{JOIN}?oferta={opportunity.pk}")
    html = response.content.decode()
    assert "Fotorelacja z festynu" in html
    assert f'name="opportunity" value="{opportunity.pk}"' in html


def test_errors_are_polish_linked_and_what_was_typed_is_kept(home_page, client):
    response = client.post(JOIN, form_data(first_name="Kasia", email="zly-adres", terms=""))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="error-summary"' in html
    assert "Zaakceptuj regulamin bazy wolontariuszy." in html
    assert "Wprowadź poprawny adres email." in html or "poprawny adres e-mail" in html
    assert 'value="Kasia"' in html and 'value="zly-adres"' in html
    assert 'aria-describedby="id_email-help id_email-errors"' in html
    assert not Volunteer.objects.exists()


def test_under_13_sees_the_guardian_message_on_the_form(home_page, client):
    response = client.post(JOIN, form_data(birth_year=str(born(12)), guardian_email="mama@example.org"))
    assert response.status_code == 200
    assert "bezpośrednio w CAS" in response.content.decode()
    assert not Volunteer.objects.exists()


def test_minor_without_guardian_email_sees_where_to_fix_it(home_page, client):
    response = client.post(JOIN, form_data(birth_year=str(born(16))))
    html = response.content.decode()
    assert 'href="#id_guardian_email"' in html
    assert "e-mail rodzica lub opiekuna" in html


def test_honeypot_on_the_form(home_page, client, commit):
    response = commit(client.post, JOIN, form_data(website="spam"))
    assert response.status_code == 302
    assert not Volunteer.objects.exists() and not mail.outbox


def test_full_journey_join_confirm_apply(home_page, client, commit):
    opportunity = make_opportunity(title="Fotorelacja z festynu", skills=["fotografia"])
    other = make_opportunity(title="Sprzątanie parku", areas=["ekologia"])
    response = commit(
        client.post, f"{JOIN}?oferta={opportunity.pk}", form_data(opportunity=str(opportunity.pk))
    )
    assert response.status_code == 302 and response["Location"] == "/wolontariat/dolacz/wyslano/"
    assert "Sprawdź skrzynkę" in client.get(response["Location"]).content.decode()

    link = token_from(mail.outbox[0])
    page = client.get(f"/wolontariat/potwierdz/?token={link}")
    assert page.status_code == 200 and "<button" in page.content.decode()
    assert page["Referrer-Policy"] == "same-origin"
    assert Volunteer.objects.get().status == VolunteerStatus.PENDING_CONFIRMATION  # GET never acts

    response = commit(client.post, "/wolontariat/potwierdz/", {"token": link})
    assert response.status_code == 302 and response["Location"] == MY_DATA
    page = client.get(MY_DATA)
    html = page.content.decode()
    assert "no-store" in page["Cache-Control"]
    assert "Oferty dla Ciebie" in html
    assert "Sprzątanie parku" in html and "pasuje: ekologia i ochrona środowiska" in html
    assert f"/wolontariat/moje-dane/aplikuj/{opportunity.pk}/" in html  # the offer chosen at sign-up

    apply_url = f"/wolontariat/moje-dane/aplikuj/{opportunity.pk}/"
    assert "Wyślij zgłoszenie" in client.get(apply_url).content.decode()
    response = commit(client.post, apply_url, {"message": "Mam aparat."})
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.opportunity == opportunity and application.message == "Mam aparat."
    assert any("Fotorelacja z festynu" in m.subject for m in mail.outbox)
    html = client.get(MY_DATA).content.decode()
    assert "Moje zgłoszenia" in html and "nowe" in html
    assert other.title in html


def test_minor_confirmation_page_and_guardian_pages(home_page, client, commit):
    commit(client.post, JOIN, form_data(birth_year=str(born(14)), guardian_email="tata@example.org"))
    response = commit(client.post, "/wolontariat/potwierdz/", {"token": token_from(mail.outbox[0])})
    assert response.status_code == 200
    assert "opiekun" in response.content.decode()
    guardian_token = token_from(mails_to("tata@example.org")[0])
    page = client.get(f"/wolontariat/zgoda-opiekuna/?token={guardian_token}")
    assert "Jako rodzic lub opiekun prawny" in page.content.decode()
    assert Volunteer.objects.get().status == VolunteerStatus.PENDING_GUARDIAN
    response = commit(client.post, "/wolontariat/zgoda-opiekuna/", {"token": guardian_token})
    assert "aktywnym wolontariuszem" in response.content.decode()
    assert Volunteer.objects.get().status == VolunteerStatus.ACTIVE
    again = client.post("/wolontariat/zgoda-opiekuna/", {"token": guardian_token})
    assert again.status_code == 410 and "Poproś o nowy" in again.content.decode()


def test_self_service_link_is_exchanged_once_for_a_session(home_page, client):
    volunteer = make_volunteer(first_name="Ula")
    token = self_service_token(volunteer)
    page = client.get(f"{MY_DATA}?token={token}")
    assert "Otwórz moje dane" in page.content.decode() and "Ula" not in page.content.decode()
    response = client.post(MY_DATA, {"action": "open", "token": token})
    assert response["Location"] == MY_DATA  # no token in the address any more
    assert "Cześć, Ula!" in client.get(MY_DATA).content.decode()
    second = client.post(MY_DATA, {"action": "open", "token": token})
    assert second.status_code == 410
    assert 'href="/wolontariat/moje-dane/"' in second.content.decode()


def test_session_expires(home_page, client):
    open_session(client, make_volunteer(first_name="Ula"))
    session = client.session
    session[SESSION_KEY] = {**session[SESSION_KEY], "until": int(time.time()) - 1}
    session.save()
    assert "Wyślij mi link" in client.get(MY_DATA).content.decode()
    assert client.get("/wolontariat/moje-dane/popraw/")["Location"] == MY_DATA


def test_request_a_link_on_the_website(home_page, client, commit):
    make_volunteer(email="ula@example.org")
    response = commit(client.post, MY_DATA, {"email": "ula@example.org", "website": ""})
    assert "Sprawdź skrzynkę" in response.content.decode()
    unknown = commit(client.post, MY_DATA, {"email": "nikt@example.org", "website": ""})
    assert unknown.status_code == response.status_code == 200
    assert "Sprawdź skrzynkę" in unknown.content.decode()
    assert len(mails_to("ula@example.org")) == 1 and not mails_to("nikt@example.org")


def test_correct_export_withdraw_and_delete(home_page, client):
    volunteer = make_volunteer(first_name="Ula", email="ula@example.org", wants_newsletter=True)
    services.record_consent(volunteer, ConsentPurpose.NEWSLETTER)
    open_session(client, volunteer)

    form = client.get("/wolontariat/moje-dane/popraw/").content.decode()
    assert 'value="Ula"' in form
    response = client.post(
        "/wolontariat/moje-dane/popraw/",
        {
            "first_name": "Urszula",
            "phone": "500600700",
            "district": "pogon",
            "skills": ["grafika"],
            "about": "Hej",
        },
    )
    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert (volunteer.first_name, volunteer.phone, volunteer.district.slug) == (
        "Urszula",
        "500600700",
        "pogon",
    )
    invalid = client.post("/wolontariat/moje-dane/popraw/", {"first_name": "", "district": "pogon"})
    assert invalid.status_code == 200 and "To pole jest wymagane." in invalid.content.decode()

    export = client.get("/wolontariat/moje-dane/eksport/")
    assert export["Content-Disposition"].startswith("attachment")
    assert "no-store" in export["Cache-Control"]
    assert json.loads(export.content)["volunteer"]["first_name"] == "Urszula"

    client.post(f"/wolontariat/moje-dane/zgody/{ConsentPurpose.NEWSLETTER}/wycofaj/")
    assert Consent.objects.get(purpose=ConsentPurpose.NEWSLETTER).withdrawn_at is not None
    assert client.get(f"/wolontariat/moje-dane/zgody/{ConsentPurpose.NEWSLETTER}/wycofaj/").status_code == 405

    application = services.apply_to_opportunity(volunteer, make_opportunity().pk)
    client.post(f"/wolontariat/moje-dane/zgloszenia/{application.pk}/wycofaj/")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN

    assert "Czy na pewno" in client.get("/wolontariat/moje-dane/usun/").content.decode()
    assert Volunteer.objects.exists()  # GET never deletes
    response = client.post("/wolontariat/moje-dane/usun/")
    assert "zostało usunięte" in response.content.decode()
    assert not Volunteer.objects.exists()
    assert "Wyślij mi link" in client.get(MY_DATA).content.decode()


def test_pending_guardian_volunteer_sees_no_apply_buttons(home_page, client):
    volunteer = make_volunteer(age=15, status=VolunteerStatus.PENDING_GUARDIAN, skills=["fotografia"])
    make_opportunity(skills=["fotografia"])
    open_session(client, volunteer)
    html = client.get(MY_DATA).content.decode()
    assert "Czekamy na zgodę" in html and "/aplikuj/" not in html


def test_registry_pages_are_translated(home_page, client):
    assert "Join the volunteer database" in client.get("/en/wolontariat/dolacz/").content.decode()
    assert "Долучіться до бази волонтерів" in client.get("/uk/wolontariat/dolacz/").content.decode()


def test_website_join_is_rate_limited(home_page, client, settings):
    settings.CAS_RATE_LIMIT = "1/h"
    assert client.post(JOIN, form_data(email="w1@example.org")).status_code == 302
    response = client.post(JOIN, form_data(email="w2@example.org"))
    assert response.status_code == 429 and response["Retry-After"]
    assert "Zbyt wiele prób" in response.content.decode()
    assert not Volunteer.objects.filter(email="w2@example.org").exists()


def test_expired_or_unknown_links_on_the_website_answer_410(home_page, client):
    for url in ("/wolontariat/zgoda-opiekuna/?token=nieznany", "/wolontariat/zgoda-opiekuna/"):
        response = client.get(url)
        assert response.status_code == 410
        assert "Poproś o nowy link" in response.content.decode()
    assert client.post("/wolontariat/potwierdz/", {"token": "nieznany"}).status_code == 410


def test_aplikuj_goes_straight_to_the_application_form_when_signed_in(home_page, client):
    volunteer = make_volunteer()
    opportunity = make_opportunity(title="Zbiórka darów")
    open_session(client, volunteer)
    response = client.get(f"{JOIN}?oferta={opportunity.pk}")
    assert response.status_code == 302
    assert response["Location"] == f"/wolontariat/moje-dane/aplikuj/{opportunity.pk}/"


def test_landing_counts_only_active_volunteers(home_page):
    from volunteers.services import directory_figures

    make_volunteer()
    make_volunteer(status=VolunteerStatus.PENDING_CONFIRMATION)
    make_volunteer(age=15, status=VolunteerStatus.PENDING_GUARDIAN)
    assert directory_figures()["volunteers"] == 1


def test_ukrainian_sign_up_gets_ukrainian_mail_and_links(home_page, client, commit):
    commit(client.post, "/uk/wolontariat/dolacz/", form_data(email="olena@example.org"))
    [message] = mails_to("olena@example.org")
    assert message.subject == "Підтвердьте реєстрацію в базі волонтерів CAS"
    assert "http://testserver/uk/wolontariat/potwierdz/?token=" in message.body
    response = commit(client.post, "/uk/wolontariat/potwierdz/", {"token": token_from(message)})
    assert response.status_code == 302


def test_age_rule_is_shown_together_with_other_errors(home_page, client):
    html = client.post(JOIN, form_data(birth_year=str(born(12)), district="")).content.decode()
    assert 'href="#id_birth_year"' in html and "bezpośrednio w CAS" in html
    assert 'href="#id_district"' in html


def test_absurd_ids_in_addresses_are_404_not_500(home_page, client):
    volunteer = make_volunteer()
    assert client.get(f"{JOIN}?oferta={10**20}").status_code == 200
    assert client.get(f"{JOIN}?oferta=-5").status_code == 200
    open_session(client, volunteer)
    assert client.get(f"/wolontariat/moje-dane/aplikuj/{10**20}/").status_code == 404
    response = client.post(f"/wolontariat/moje-dane/zgloszenia/{10**20}/wycofaj/")
    assert response.status_code == 302
