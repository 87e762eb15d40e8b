"""The owner of an organisation's new address for applications confirms it from the e-mail: the
page before the button and the page after it are accessible, and only the button changes the
address (a mail scanner that opens the link changes nothing)."""

import re

import pytest
from django.core import mail

from tests.factories import make_organisation
from volunteers import services
from volunteers.models import Organisation

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PATH = "/wolontariat/potwierdz-adres-organizacji/"


def test_the_owner_of_a_new_address_confirms_it_from_the_e_mail(visit, home_page, django_user_model):
    organisation = make_organisation("Fundacja Zielona", email="kontakt@zielona.example.org")
    manager = django_user_model.objects.create_user("menedzerka", "menedzerka@zielona.example.org", "x")
    services.change_contact_email(organisation, manager, "rekrutacja@zielona.example.org")
    (message,) = [m for m in mail.outbox if m.to == ["rekrutacja@zielona.example.org"]]
    link = re.search(re.escape(PATH) + r"\?token=[\w-]+", message.body).group(0)

    page = visit.page
    visit.goto(link)
    assert page.get_by_role("heading", level=1).inner_text() == "Potwierdź adres na zgłoszenia wolontariuszy"
    assert "rekrutacja@zielona.example.org" in page.get_by_role("main").inner_text()
    assert Organisation.objects.get(pk=organisation.pk).email == "kontakt@zielona.example.org"
    page.get_by_role("button", name="Potwierdzam ten adres").click()
    visit.scan()
    assert page.get_by_role("heading", level=1).inner_text() == "Adres potwierdzony"
    assert Organisation.objects.get(pk=organisation.pk).email == "rekrutacja@zielona.example.org"
