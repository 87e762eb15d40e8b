"""Self-service with an e-mailed link: opening a session, correcting one's data."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from home.models import EmailLink
from volunteers.models import Area, Skill
from volunteers.people import tokens
from volunteers.people.choices import LinkPurpose
from volunteers.people.models import Volunteer
from volunteers.people.services.consents import _availability, _district, _vocabulary
from volunteers.people.services.errors import RegistrationInvalid

# --- Self-service ---------------------------------------------------------------------------------


def volunteer_for_token(raw_token: str) -> Volunteer:
    """The owner of a valid self-service token (API bearer); 410 when used, expired or superseded.

    Using it ends the person's older links and sessions (one live session per person).
    """
    token = tokens.find_token(raw_token, LinkPurpose.SELF_SERVICE)
    tokens.end_older_sessions(token)
    touch(token.volunteer)
    return token.volunteer


def open_self_service(raw_token: str) -> EmailLink:
    """The website exchanges the e-mailed link for a session: the link is used up, and the
    returned token stands for the session (``tokens.session_is_live``)."""
    with transaction.atomic():
        token = tokens.start_session(raw_token)
    touch(token.volunteer)
    return token


def open_self_service_after_confirmation(volunteer) -> EmailLink:
    """The confirmation link has just proved the address: the website opens a session at once
    (it is the person's live session from now on, like one opened with a link)."""
    with transaction.atomic():
        token = tokens.start_session(tokens.issue_token(volunteer, LinkPurpose.SELF_SERVICE))
    return token


def touch(volunteer):
    Volunteer.objects.filter(pk=volunteer.pk).update(last_active_at=timezone.now())


EDITABLE_FIELDS = ("first_name", "phone", "district", "skills", "areas", "availability", "about")


def update_volunteer(volunteer, changes: dict) -> Volunteer:
    """Correct one's own data (GDPR art. 16). E-mail and birth year are changed through CAS (they
    decide the double opt-in and the guardian rules)."""
    with transaction.atomic():
        if "first_name" in changes:
            first_name = (changes["first_name"] or "").strip()
            if not first_name:
                raise RegistrationInvalid(_("Podaj imię."), loc=("body", "payload", "first_name"))
            volunteer.first_name = first_name
        if "phone" in changes:
            volunteer.phone = (changes["phone"] or "").strip()
        if "about" in changes:
            volunteer.about = (changes["about"] or "").strip()
        if "district" in changes:
            volunteer.district = _district(changes["district"])
        if "availability" in changes:
            volunteer.availability = _availability(changes["availability"])
        volunteer.last_active_at = timezone.now()
        volunteer.save()
        if "skills" in changes:
            volunteer.skills.set(
                _vocabulary(Skill, changes["skills"], "skills", _("Nieznana umiejętność: %(value)s."))
            )
        if "areas" in changes:
            volunteer.areas.set(
                _vocabulary(Area, changes["areas"], "areas", _("Nieznany obszar działania: %(value)s."))
            )
    return volunteer
