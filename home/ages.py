"""The one age policy: what a person of each age may do alone, and when a guardian is needed.

Ages are counted by birth year only (we never ask for a date of birth): the age someone
reaches in the calendar year of the event (a workshop session) or of today.

- under 13 (``ALONE_AGE``): not alone — a guardian registers the child with CAS directly
  (the volunteer registry and idea leaders refuse; a workshop's own age range decides);
- 13–15: the guardian's consent is needed for online services and bookings (RODO art. 8
  in Poland: 16, ``DIGITAL_CONSENT_AGE``) — workshop bookings, idea submissions, newsletter;
- 16–17: consents alone, but a volunteering agreement still needs a guardian (``ADULT_AGE``);
- 18 and over: an adult.
"""

import enum

from django.utils import timezone

#: Younger people do nothing alone here: a guardian registers them with CAS directly.
ALONE_AGE = 13
#: From this age a person consents to online services themselves (GDPR art. 8, Poland).
DIGITAL_CONSENT_AGE = 16
#: From this age a person is an adult and needs no guardian for anything.
ADULT_AGE = 18


class AgeBand(enum.Enum):
    CHILD = "child"  # under 13
    YOUNG_TEEN = "young_teen"  # 13-15
    OLDER_TEEN = "older_teen"  # 16-17
    ADULT = "adult"  # 18+


def age_in_year(birth_year: int, year: int | None = None) -> int:
    """Age by birth year only (the age someone reaches this calendar year, or ``year``)."""
    return (year or timezone.localdate().year) - birth_year


def age_at(birth_year: int, moment) -> int:
    """Age by birth year in the (local) year of ``moment``, e.g. a workshop's start."""
    return age_in_year(birth_year, timezone.localtime(moment).year)


def band(age: int) -> AgeBand:
    if age < ALONE_AGE:
        return AgeBand.CHILD
    if age < DIGITAL_CONSENT_AGE:
        return AgeBand.YOUNG_TEEN
    if age < ADULT_AGE:
        return AgeBand.OLDER_TEEN
    return AgeBand.ADULT


def may_act_alone(age: int) -> bool:
    """May register or submit without a guardian doing it for them (13 and over)."""
    return age >= ALONE_AGE


def needs_guardian_consent(age: int) -> bool:
    """A guardian must consent to bookings, idea submissions and the newsletter (under 16)."""
    return age < DIGITAL_CONSENT_AGE


def needs_guardian_for_agreement(age: int) -> bool:
    """A guardian must agree to volunteering (a minor: under 18)."""
    return age < ADULT_AGE
