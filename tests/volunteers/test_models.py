"""KRS validation, logo alt text, and the live/open rules every public view relies on."""

import pytest
from django.core.exceptions import ValidationError

from tests.factories import days, make_logo, make_opportunity, make_organisation
from volunteers.models import Opportunity, Organisation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("krs", ["0000123456", "1234567890", "0000 123 456", "0000-123-456"])
def test_valid_krs_is_accepted_and_normalised(krs):
    organisation = Organisation(name="Fundacja", slug="fundacja", krs=krs)
    organisation.full_clean()
    assert organisation.krs == krs.replace(" ", "").replace("-", "")


@pytest.mark.parametrize("krs", ["123456789", "12345678901", "00001234ab", "KRS0000123"])
def test_invalid_krs_is_rejected_with_polish_message(krs):
    organisation = Organisation(name="Fundacja", slug="fundacja", krs=krs)
    with pytest.raises(ValidationError) as error:
        organisation.full_clean()
    assert "Numer KRS to dokładnie 10 cyfr" in str(error.value.message_dict["krs"])


def test_krs_is_optional_for_schools_and_parishes():
    make_organisation("Szkoła Podstawowa", krs="")
    second = Organisation(name="Parafia", slug="parafia", krs="")
    second.full_clean()  # two empty KRS numbers do not clash


def test_krs_must_be_unique_when_given():
    make_organisation(krs="0000123456")
    duplicate = Organisation(name="Inna fundacja", slug="inna", krs="0000123456")
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "numerem KRS już jest w katalogu" in str(error.value)


def test_logo_needs_alt_text():
    organisation = Organisation(name="Fundacja", slug="fundacja", logo=make_logo())
    with pytest.raises(ValidationError) as error:
        organisation.full_clean()
    assert "logo_alt" in error.value.message_dict
    organisation.logo_alt = "Logo fundacji"
    organisation.full_clean()


def test_opportunity_cannot_end_before_it_starts():
    opportunity = Opportunity(
        organisation=make_organisation(),
        title="Oferta",
        description="Opis",
        starts_on=days(5),
        ends_on=days(1),
    )
    with pytest.raises(ValidationError) as error:
        opportunity.full_clean()
    assert "Data zakończenia nie może być wcześniejsza" in str(error.value)


def test_unknown_benefit_is_rejected():
    opportunity = Opportunity(
        organisation=make_organisation(), title="Oferta", description="Opis", benefits=["zlote-gory"]
    )
    with pytest.raises(ValidationError) as error:
        opportunity.full_clean()
    assert "benefits" in error.value.message_dict


def test_open_means_live_and_not_past_end_or_deadline():
    organisation = make_organisation()
    visible = {
        make_opportunity(organisation, "bez dat"),
        make_opportunity(organisation, "kończy się dziś", ends_on=days(0)),
        make_opportunity(organisation, "termin zgłoszeń dziś", application_deadline=days(0)),
        make_opportunity(
            organisation, "przyszła", starts_on=days(3), ends_on=days(10), application_deadline=days(2)
        ),
    }
    make_opportunity(organisation, "szkic", live=False)
    make_opportunity(organisation, "zakończona wczoraj", ends_on=days(-1))
    make_opportunity(organisation, "po terminie zgłoszeń", application_deadline=days(-1), ends_on=days(30))
    make_opportunity(make_organisation(live=False), "organizacja w szkicu")
    assert set(Opportunity.objects.open()) == visible


def test_opportunity_disappears_by_itself_when_its_deadline_passes():
    opportunity = make_opportunity(application_deadline=days(2))
    assert opportunity in Opportunity.objects.open()
    assert opportunity not in Opportunity.objects.open(today=days(3))


def test_for_age_keeps_offers_without_limit_or_with_a_reached_limit():
    no_limit = make_opportunity(min_age=None)
    teen = make_opportunity(min_age=13)
    adult = make_opportunity(min_age=18)
    assert set(Opportunity.objects.for_age(13)) == {no_limit, teen}
    assert set(Opportunity.objects.for_age(12)) == {no_limit}
    assert set(Opportunity.objects.for_age(30)) == {no_limit, teen, adult}


def test_apply_url_points_at_the_registry_join_page():
    opportunity = make_opportunity()
    assert opportunity.apply_url == f"/wolontariat/dolacz/?oferta={opportunity.pk}"
