"""Factories and helpers for the volunteer-registry tests."""

import re
from itertools import count

import pytest
from django.core import mail
from django.utils import timezone

from home.models import District
from tests.volunteers.conftest import make_opportunity, make_organisation  # noqa: F401
from volunteers.models import Area, Skill
from volunteers.people import services
from volunteers.people.choices import ConsentPurpose, GivenBy, LinkPurpose, VolunteerStatus
from volunteers.people.models import Volunteer
from volunteers.people.tokens import issue_token

_numbers = count(1)
TOKEN_RE = re.compile(r"token=([A-Za-z0-9_\-]+)")
YEAR = timezone.localdate().year


def born(age):
    """The birth year of someone who turns ``age`` this year."""
    return YEAR - age


def registration(**overrides):
    data = {
        "first_name": "Zuzanna",
        "email": "zuzanna.testowa@example.org",
        "phone": "+48 600 100 200",
        "birth_year": born(20),
        "district": "zagorze",
        "skills": ["fotografia"],
        "areas": ["ekologia"],
        "availability": ["weekendy"],
        "about": "Lubię robić zdjęcia.",
        "consents": {"terms": True, "data_processing": True, "newsletter": False},
    }
    data.update(overrides)
    return data


def token_from(message):
    match = TOKEN_RE.search(message.body)
    assert match, message.body
    return match.group(1)


def mails_to(address):
    return [m for m in mail.outbox if address in m.to]


def make_volunteer(age=20, status=VolunteerStatus.ACTIVE, skills=(), areas=(), district="zagorze", **fields):
    number = next(_numbers)
    fields.setdefault("first_name", f"Osoba{number}")
    fields.setdefault("email", f"osoba{number}@example.org")
    if age < 18:
        fields.setdefault("guardian_email", f"opiekun{number}@example.org")
        if status == VolunteerStatus.ACTIVE:
            fields.setdefault("guardian_confirmed_at", timezone.now())
    volunteer = Volunteer.objects.create(
        birth_year=born(age),
        status=status,
        district=District.objects.get(slug=district) if district else None,
        confirmed_at=None if status == VolunteerStatus.PENDING_CONFIRMATION else timezone.now(),
        **fields,
    )
    volunteer.skills.set(Skill.objects.filter(slug__in=skills))
    volunteer.areas.set(Area.objects.filter(slug__in=areas))
    services.record_consent(volunteer, ConsentPurpose.TERMS)
    services.record_consent(volunteer, ConsentPurpose.DATA_PROCESSING)
    if age < 18 and status == VolunteerStatus.ACTIVE:
        services.record_consent(volunteer, ConsentPurpose.GUARDIAN, GivenBy.GUARDIAN)
    return volunteer


def self_service_token(volunteer):
    return issue_token(volunteer, LinkPurpose.SELF_SERVICE)


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run a block and then its on-commit callbacks (the e-mail tasks), as a real commit would."""

    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return run


@pytest.fixture
def bearer(client):
    """Call ``volunteers/me...`` with a self-service token."""

    def call(method, path, token, data=None):
        kwargs = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
        if data is not None:
            kwargs.update(data=data, content_type="application/json")
        return getattr(client, method)(f"/api/v3/{path}", **kwargs)

    return call


@pytest.fixture
def registry_vocabulary():
    """Rows the data migrations provide, recreated for transactional tests (the flush before them
    may have emptied the tables; serialized rollback is avoided because a live server thread can
    touch the database after a flush)."""
    from importlib import import_module

    from volunteers.people.models import ConsentText

    texts = import_module("volunteers.migrations.0005_consent_texts").TEXTS
    for purpose, text in texts.items():
        if not ConsentText.objects.filter(purpose=purpose).exists():
            ConsentText.objects.create(purpose=purpose, text=text)
    for slug, name in [("zagorze", "Zagórze"), ("pogon", "Pogoń")]:
        District.objects.get_or_create(slug=slug, defaults={"name": name})
    Skill.objects.get_or_create(slug="fotografia", defaults={"name": "Fotografia i wideo"})
    Area.objects.get_or_create(slug="ekologia", defaults={"name": "Ekologia i ochrona środowiska"})
