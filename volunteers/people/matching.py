"""Explainable matching: which open opportunities suit a volunteer, and why, in words.

Each shared skill weighs 3, each shared area 2, the same district 2 (remote work
1 when the district differs), each availability the opportunity fits 1. An
opportunity the volunteer cannot take (too young, already applied) never
appears, and neither does one with nothing in common.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from volunteers.choices import Commitment
from volunteers.people.choices import Availability
from volunteers.people.models import Application

SKILL_WEIGHT = 3
AREA_WEIGHT = 2
DISTRICT_WEIGHT = 2
REMOTE_WEIGHT = 1
AVAILABILITY_WEIGHT = 1

WEEKEND_WORDS = ("sobot", "niedziel", "weekend")
EVENING_WORDS = ("wiecz", "po 17", "po 18", "od 17", "od 18")
HOLIDAY_MONTHS = {1, 2, 7, 8}  # ferie zimowe and the summer holidays


@dataclass
class Match:
    opportunity: object
    score: int
    reasons: list = field(default_factory=list)

    @property
    def summary(self):
        return _("pasuje: %(reasons)s") % {"reasons": ", ".join(self.reasons)}


def opportunity_availability(opportunity) -> set:
    """When an opportunity happens, as ``Availability`` values (from its hours text and dates)."""
    hours = (opportunity.hours or "").lower()
    slots = set()
    if any(word in hours for word in WEEKEND_WORDS):
        slots.add(Availability.WEEKENDS)
    if any(word in hours for word in EVENING_WORDS):
        slots.add(Availability.EVENINGS)
    months = {d.month for d in (opportunity.starts_on, opportunity.ends_on) if d}
    if months and months <= HOLIDAY_MONTHS and opportunity.commitment != Commitment.REGULAR:
        slots.add(Availability.HOLIDAYS)
    return slots


def score_opportunity(volunteer, opportunity, *, skills, areas, availability) -> Match | None:
    if opportunity.min_age and volunteer.age < opportunity.min_age:
        return None
    score, reasons = 0, []
    for skill in opportunity.skills.all():
        if skill.pk in skills:
            score += SKILL_WEIGHT
            reasons.append(skill.name.lower())
    for area in opportunity.areas.all():
        if area.pk in areas:
            score += AREA_WEIGHT
            reasons.append(area.name.lower())
    labels = dict(Availability.choices)
    for slot in Availability.values:
        if slot in availability and slot in opportunity_availability(opportunity):
            score += AVAILABILITY_WEIGHT
            reasons.append(str(labels[slot]))
    if volunteer.district_id and opportunity.district_id == volunteer.district_id:
        score += DISTRICT_WEIGHT
        reasons.append(opportunity.district.name)
    elif opportunity.remote:
        score += REMOTE_WEIGHT
        reasons.append(_("zdalnie"))
    if score == 0:
        return None
    if opportunity.min_age:
        reasons.append(_("od %(age)s lat") % {"age": opportunity.min_age})
    return Match(opportunity, score, reasons)


def match_opportunities(volunteer, limit=None) -> list[Match]:
    """Open opportunities ranked for ``volunteer`` (best first), each with its reasons."""
    from volunteers.services import open_opportunities

    skills = {s.pk for s in volunteer.skills.all()}
    areas = {a.pk for a in volunteer.areas.all()}
    availability = set(volunteer.availability or [])
    applied = set(Application.objects.filter(volunteer=volunteer).values_list("opportunity_id", flat=True))
    matches = []
    for opportunity in open_opportunities().exclude(pk__in=applied):
        match = score_opportunity(
            volunteer, opportunity, skills=skills, areas=areas, availability=availability
        )
        if match:
            matches.append(match)
    deadline = {m.opportunity.pk: m.opportunity.application_deadline for m in matches}
    matches.sort(
        key=lambda m: (
            -m.score,
            deadline[m.opportunity.pk] is None,
            deadline[m.opportunity.pk] or 0,
            -m.opportunity.pk,
        )
    )
    return matches[:limit] if limit else matches
