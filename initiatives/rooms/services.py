"""The rules of lending rooms: requests, recurring series, decisions, availability.

Invariants (module docstring of ``initiatives.rooms.models``): holding bookings
(``BLOCKING``) of a room never overlap, and equipment lent separately is never promised
beyond its quantity at any moment. Every function that gives a booking a slot first locks
the room's row (``home.locking.lock_row``), releases the room's expired unconfirmed requests
and then checks, so concurrent requests for one room queue up instead of racing; the
equipment they ask for is locked next (by primary key, always in that order). On
PostgreSQL the exclusion constraint ``rooms_booking_no_overlap`` refuses an overlap even
if a future change forgot the lock.

Nobody holds a slot for long on an address nobody has confirmed: a new request waits
``CAS_ROOMS_EMAIL_HOLD_MINUTES`` for ``confirm_email``; after that any new request of the
room releases it. Every refusal names the field it concerns (``loc``) and says, in Polish,
what to change; rules that do not depend on other people's bookings are checked first.

No-shows: two meetings of one e-mail address marked as no-shows (``mark_no_show``) whose
starts lie within ``CAS_ROOMS_NO_SHOW_WINDOW_DAYS`` block that address's new requests for
``CAS_ROOMS_NO_SHOW_BLOCK_DAYS`` after the second one (``blocked_until``). The block is
applied when the requester confirms the address (``confirm_email``), never when the request
is made: ``request_booking`` answers every address the same way (anyone may type anyone's
address, so an answer that differed would tell a stranger that this person was blocked,
cf. ``tests/security/test_enumeration.py``). Only whoever opens the e-mailed confirmation link
learns it: the link's answer is ``RequesterBlocked`` (422, with the date the block ends),
the request is refused and freed at once, and the address gets the ``rooms.blocked`` e-mail.
"""

import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from cas_site.errors import Conflict, DomainError, NotFound, TokenGone
from home import links, outbox
from home.locking import lock_row
from home.services import next_reference
from home.workdays import add_working_days
from initiatives.rooms.choices import BookingStatus, LinkPurpose, Repeat
from initiatives.rooms.models import (
    BookingEquipment,
    Equipment,
    HouseRules,
    Room,
    RoomBooking,
    RoomBookingSeries,
)

PAYLOAD = ("body", "payload")


class RoomNotFound(NotFound):
    message = _("Nie ma takiej sali.")
    loc = (*PAYLOAD, "room")


class BookingNotFound(NotFound):
    message = _("Nie ma takiej rezerwacji.")


class EndsBeforeStart(DomainError):
    message = _("Koniec spotkania musi być później niż jego początek.")
    loc = (*PAYLOAD, "ends_at")


class OutsideOpeningHours(DomainError):
    message = _("Sala jest wtedy zamknięta: spotkanie musi się zmieścić w godzinach otwarcia sali.")
    loc = (*PAYLOAD, "starts_at")


class ClosedDay(DomainError):
    message = _("W tym dniu sala jest zamknięta.")
    loc = (*PAYLOAD, "starts_at")


class TooSoon(DomainError):
    message = _("Salę trzeba zarezerwować z wyprzedzeniem co najmniej %(days)s dni roboczych.")
    loc = (*PAYLOAD, "starts_at")


class TooFarAhead(DomainError):
    message = _("Salę można zarezerwować najwyżej %(days)s dni naprzód.")
    loc = (*PAYLOAD, "starts_at")


class TooManyParticipants(DomainError):
    message = _("Ta sala mieści najwyżej %(capacity)s osób.")
    loc = (*PAYLOAD, "participants")


class CommercialUse(DomainError):
    message = _(
        "Sale udostępniamy tylko na spotkania bezpłatne dla uczestników; nie na działalność komercyjną."
    )
    loc = (*PAYLOAD, "fees_charged")


class HouseRulesNotAccepted(DomainError):
    message = _("Zaakceptuj obowiązujący regulamin sal (wersja %(version)s).")
    loc = (*PAYLOAD, "house_rules")


class NoHouseRules(DomainError):
    message = _("Rezerwacje sal są chwilowo wstrzymane: regulamin nie został jeszcze opublikowany.")
    loc = (*PAYLOAD, "house_rules")


class UnknownEquipment(DomainError):
    message = _("Nie ma takiego sprzętu do wypożyczenia.")
    loc = (*PAYLOAD, "equipment")


class SlotTaken(Conflict):
    """The room is held by another booking at some moment of the requested time."""

    message = _("Sala jest już zajęta w tym czasie: od %(starts_at)s do %(ends_at)s.")
    loc = (*PAYLOAD, "starts_at")

    def __init__(self, starts_at, ends_at):
        self.starts_at, self.ends_at = starts_at, ends_at
        super().__init__(self.message % {"starts_at": _local(starts_at), "ends_at": _local(ends_at)})


class EquipmentUnavailable(Conflict):
    """Too few pieces of one equipment are free; ``slug`` says which (a form marks its field)."""

    message = _("W tym czasie nie ma tylu sztuk sprzętu „%(name)s”: wolnych jest %(free)s.")
    loc = (*PAYLOAD, "equipment")

    def __init__(self, equipment, free):
        self.slug = equipment.slug
        super().__init__(self.message % {"name": equipment.name, "free": max(free, 0)})


class TooManyOccurrences(DomainError):
    message = _("Cykl może mieć najwyżej %(max)s spotkań; wybierz wcześniejszą datę końca.")
    loc = (*PAYLOAD, "repeat", "until")


class SeriesEndsTooEarly(DomainError):
    message = _("Data końca cyklu nie może być wcześniejsza niż pierwsze spotkanie.")
    loc = (*PAYLOAD, "repeat", "until")


class NotChangeable(Conflict):
    message = _("Tej rezerwacji nie można już zmienić (jej status: %(status)s).")

    def __init__(self, booking):
        super().__init__(self.message % {"status": booking.get_status_display()})


class HoldExpired(TokenGone):
    message = _("Czas na potwierdzenie adresu e-mail minął i termin został zwolniony. Złóż prośbę ponownie.")


class RefusalReasonRequired(DomainError):
    message = _("Podaj powód odmowy: dostanie go osoba, która prosiła o salę.")
    loc = ("reason",)


class NoShowTooEarly(DomainError):
    message = _("Nieobecność można zaznaczyć dopiero po rozpoczęciu spotkania.")


class RequesterBlocked(DomainError):
    """The requester's address is blocked after no-shows: told only to whoever confirms it."""

    message = _(
        "Nie możemy przyjąć tej prośby: dwa razy nikt nie przyszedł na spotkanie zarezerwowane "
        "z tego adresu e-mail. Nowe prośby o salę przyjmiemy od %(date)s."
    )

    def __init__(self, until):
        self.until = until
        super().__init__(self.message % {"date": _local_date(until)})


class BadRange(DomainError):
    message = _("Podaj zakres od–do (koniec po początku), nie dłuższy niż %(days)s dni.")
    loc = ("query", "to")


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _local_date(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d")


def email_hold() -> timedelta:
    """How long an unconfirmed request holds its slot."""
    return timedelta(minutes=settings.CAS_ROOMS_EMAIL_HOLD_MINUTES)


def queue_email(booking, kind, bookings=None, **context):
    """Put an e-mail about ``booking`` (and its series) in the outbox (``initiatives.rooms.emails``);
    ``bookings``, when given, are the meetings it lists (a series approved at once)."""
    if bookings is not None:
        context["bookings"] = [b.pk for b in bookings]
    return outbox.queue(
        f"rooms.{kind}", booking.contact_email, about=booking, context=context, language=booking.language
    )


def fake_reference() -> str:
    """What a bot that filled the honeypot is shown: looks like a request's number, stores nothing."""
    return f"CAS-S-{timezone.localdate().year}-{secrets.randbelow(9000) + 1000:04d}"


def earliest_date(today: date) -> date:
    """The first day a request made ``today`` may start on: ``CAS_ROOMS_MIN_WORKING_DAYS_AHEAD``
    working days later (Monday to Friday, Polish public holidays excluded: ``home.workdays``)."""
    return add_working_days(today, settings.CAS_ROOMS_MIN_WORKING_DAYS_AHEAD)


# --- checks -------------------------------------------------------------------


def _check_interval(starts_at, ends_at):
    if ends_at <= starts_at:
        raise EndsBeforeStart()


def _check_window(starts_at, now):
    """At least the minimum working days ahead and at most the maximum days ahead."""
    if timezone.localtime(starts_at).date() < earliest_date(timezone.localdate(now)):
        raise TooSoon(TooSoon.message % {"days": settings.CAS_ROOMS_MIN_WORKING_DAYS_AHEAD})
    if starts_at > now + timedelta(days=settings.CAS_ROOMS_MAX_DAYS_AHEAD):
        raise TooFarAhead(TooFarAhead.message % {"days": settings.CAS_ROOMS_MAX_DAYS_AHEAD})


def _check_open(room, starts_at, ends_at):
    """Within one opening period of the room's week, on a day it is not closed."""
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    if any(closed.date == start.date() for closed in room.closed_days.all()):
        raise ClosedDay()
    fits = start.date() == end.date() and any(
        hours.weekday == start.weekday() and hours.opens <= start.time() and end.time() <= hours.closes
        for hours in room.opening_hours.all()
    )
    if not fits:
        raise OutsideOpeningHours()


def _check_house_rules(version, now):
    rules = HouseRules.in_force(now)
    if rules is None:
        raise NoHouseRules()
    if version != rules.version:
        raise HouseRulesNotAccepted(HouseRulesNotAccepted.message % {"version": rules.version})
    return rules


def _lock_room(room_id) -> Room:
    try:
        return lock_row(Room.objects.prefetch_related("opening_hours", "closed_days")).get(pk=room_id)
    except (Room.DoesNotExist, ValueError, TypeError):
        raise RoomNotFound() from None


def _release_expired(room, now) -> int:
    """Cancel the room's unconfirmed requests whose hold has expired (caller holds the room lock)."""
    expired = RoomBooking.objects.filter(
        room=room, status=BookingStatus.AWAITING_EMAIL, hold_expires_at__lte=now
    )
    return _set_status(expired, BookingStatus.CANCELLED, cancelled_at=now, hold_expires_at=None)


def _set_status(queryset, status, **fields) -> int:
    """Change the status of each booking with ``save()``: public reads cached before (a room's
    busy times, open meetings) are dropped by the save signal (``cas_site.response_cache``)."""
    changed = 0
    for booking in queryset:
        booking.status = status
        for name, value in fields.items():
            setattr(booking, name, value)
        booking.save(update_fields=["status", *fields])
        changed += 1
    return changed


def _check_free(room, starts_at, ends_at, now, exclude=None):
    """``SlotTaken`` naming the first holding booking of the room that overlaps the interval."""
    clash = RoomBooking.objects.filter(room=room).blocking(now).overlapping(starts_at, ends_at)
    if exclude is not None:
        clash = clash.exclude(pk=exclude.pk)
    first = clash.order_by("starts_at").first()
    if first is not None:
        raise SlotTaken(first.starts_at, first.ends_at)


def equipment_peak(equipment, starts_at, ends_at, now, exclude=None) -> int:
    """The most pieces of ``equipment`` promised at any one moment of ``[starts_at, ends_at)``."""
    lines = BookingEquipment.objects.filter(
        equipment=equipment,
        booking__in=RoomBooking.objects.blocking(now).overlapping(starts_at, ends_at),
    )
    if exclude is not None:
        lines = lines.exclude(booking=exclude)
    events = []
    for begins, ends, quantity in lines.values_list("booking__starts_at", "booking__ends_at", "quantity"):
        events.append((max(begins, starts_at), 1, quantity))
        events.append((min(ends, ends_at), 0, -quantity))  # at one moment, returns come before loans
    peak = in_use = 0
    for _moment, _order, change in sorted(events):
        in_use += change
        peak = max(peak, in_use)
    return peak


def _check_equipment(wanted, starts_at, ends_at, now, exclude=None):
    for equipment, quantity in wanted:
        free = equipment.quantity - equipment_peak(equipment, starts_at, ends_at, now, exclude)
        if quantity > free:
            raise EquipmentUnavailable(equipment, free)


def _lock_equipment(requested) -> list[tuple[Equipment, int]]:
    """Lock the requested equipment rows (by primary key) and pair them with quantities.

    ``requested`` maps slugs to quantities; an unknown slug is refused.
    """
    if not requested:
        return []
    rows = {e.slug: e for e in lock_row(Equipment.objects.filter(slug__in=list(requested)).order_by("pk"))}
    unknown = sorted(set(requested) - set(rows))
    if unknown:
        raise UnknownEquipment(_("Nie ma takiego sprzętu do wypożyczenia: %(slug)s.") % {"slug": unknown[0]})
    return sorted(((rows[slug], quantity) for slug, quantity in requested.items()), key=lambda p: p[0].pk)


def _save_holding(booking, now):
    """Save a booking that holds its slot; the exclusion constraint's refusal becomes ``SlotTaken``."""
    try:
        with transaction.atomic():
            booking.save()
    except IntegrityError:
        clash = (
            RoomBooking.objects.filter(room_id=booking.room_id)
            .blocking(now)
            .overlapping(booking.starts_at, booking.ends_at)
            .exclude(pk=booking.pk)
            .order_by("starts_at")
            .first()
        )
        if clash is None:
            raise
        raise SlotTaken(clash.starts_at, clash.ends_at) from None


# --- requests -----------------------------------------------------------------


@dataclass
class Skipped:
    """An occurrence of a series that could not be booked, and why."""

    starts_at: datetime
    ends_at: datetime
    error: DomainError


@dataclass
class RequestResult:
    reference: str
    status: str
    bookings: list[RoomBooking] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def occurrences(starts_at, ends_at, every=None, until=None) -> list[tuple[datetime, datetime]]:
    """The intervals of a request: one, or one a week/fortnight until ``until`` (wall-clock times
    stay the same across the change to and from summer time)."""
    if not every:
        return [(starts_at, ends_at)]
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    if until is None or until < start.date():
        raise SeriesEndsTooEarly()
    step = timedelta(weeks=2 if every == Repeat.FORTNIGHT else 1)
    naive_start, naive_end = start.replace(tzinfo=None), end.replace(tzinfo=None)
    result = []
    while naive_start.date() <= until:
        if len(result) >= settings.CAS_ROOMS_MAX_OCCURRENCES:
            raise TooManyOccurrences(TooManyOccurrences.message % {"max": settings.CAS_ROOMS_MAX_OCCURRENCES})
        result.append((timezone.make_aware(naive_start), timezone.make_aware(naive_end)))
        naive_start, naive_end = naive_start + step, naive_end + step
    return result


def request_booking(
    *,
    room_id,
    starts_at,
    ends_at,
    organiser_kind,
    organiser_name,
    contact_name,
    contact_email,
    purpose,
    participants,
    house_rules,
    fees_charged=False,
    contact_phone="",
    equipment=None,
    public_title="",
    public_description="",
    every=None,
    until=None,
    language="pl",
    now=None,
) -> RequestResult:
    """Ask for a room (once, or weekly/fortnightly until a date); it waits for the e-mail confirmation.

    ``equipment`` maps equipment slugs to quantities; ``house_rules`` is the version of the house
    rules the requester accepted (it must be the one in force). A single request that cannot be
    booked raises; in a series, each occurrence that cannot be booked is listed in ``skipped``
    while the others are booked, unless none can be (then the first one's refusal is raised).
    """
    now = now or timezone.now()
    _check_interval(starts_at, ends_at)
    if fees_charged:
        raise CommercialUse()
    rules = _check_house_rules(house_rules, now)
    _check_window(starts_at, now)
    intervals = occurrences(starts_at, ends_at, every, until)
    requested = {slug: quantity for slug, quantity in (equipment or {}).items() if quantity}
    with transaction.atomic():
        room = _lock_room(room_id)  # the one lock that serialises this room's slots
        if not room.bookable:
            raise RoomNotFound()
        if participants > room.capacity:
            raise TooManyParticipants(TooManyParticipants.message % {"capacity": room.capacity})
        _release_expired(room, now)
        wanted = _lock_equipment(requested)
        accepted, skipped = [], []
        for begins, ends in intervals:
            try:
                _check_open(room, begins, ends)
                _check_free(room, begins, ends, now)
                _check_equipment(wanted, begins, ends, now)
            except DomainError as error:
                if not every:
                    raise
                skipped.append(Skipped(begins, ends, error))
            else:
                accepted.append((begins, ends))
        if not accepted:
            raise skipped[0].error
        series = None
        if every:
            series = RoomBookingSeries(
                every=every,
                until=until,
                created_at=now,
                skipped=[
                    {
                        "starts_at": s.starts_at.isoformat(),
                        "ends_at": s.ends_at.isoformat(),
                        "reason": str(s.error),
                    }
                    for s in skipped
                ],
            )
        bookings = []
        for begins, ends in accepted:
            booking = RoomBooking(
                reference=next_reference("CAS-S"),
                room=room,
                starts_at=begins,
                ends_at=ends,
                status=BookingStatus.AWAITING_EMAIL,
                hold_expires_at=now + email_hold(),
                organiser_kind=organiser_kind,
                organiser_name=organiser_name.strip(),
                contact_name=contact_name.strip(),
                contact_email=contact_email.strip().lower(),
                contact_phone=(contact_phone or "").strip(),
                purpose=purpose.strip(),
                participants=participants,
                fees_charged=False,
                public_title=(public_title or "").strip(),
                public_description=(public_description or "").strip(),
                house_rules=rules,
                language=language or "pl",
                created_at=now,
            )
            if series is not None:
                if series.pk is None:
                    series.reference = booking.reference
                    series.save()
                booking.series = series
            _save_holding(booking, now)
            BookingEquipment.objects.bulk_create(
                [BookingEquipment(booking=booking, equipment=e, quantity=q) for e, q in wanted]
            )
            bookings.append(booking)
        queue_email(bookings[0], "confirm_email")  # one e-mail, one link for the whole series
    return RequestResult(bookings[0].reference, BookingStatus.AWAITING_EMAIL, bookings, skipped)


def _series_or_self(booking):
    if booking.series_id is None:
        return RoomBooking.objects.filter(pk=booking.pk)
    return RoomBooking.objects.filter(series_id=booking.series_id)


def _confirm(booking, now):
    """Move the request's waiting occurrences on (caller's transaction): to staff, or refused
    when the address is blocked after no-shows. Returns them and the block's end (or None)."""
    with transaction.atomic():
        _lock_room(booking.room_id)
        _release_expired(booking.room, now)
        waiting = list(_series_or_self(booking).filter(status=BookingStatus.AWAITING_EMAIL))
        if not waiting:
            booking.refresh_from_db()
            if booking.status == BookingStatus.CANCELLED and booking.email_confirmed_at is None:
                raise HoldExpired()
            raise NotChangeable(booking)
        ids = [b.pk for b in waiting]
        until = blocked_until(booking.contact_email, now=now)
        if until is None:
            _set_status(
                RoomBooking.objects.filter(pk__in=ids),
                BookingStatus.REQUESTED,
                email_confirmed_at=now,
                hold_expires_at=None,
            )
        else:
            with translation.override(settings.LANGUAGE_CODE):  # staff read the reason in Polish
                reason = str(_("Automatycznie: adres zablokowany po dwóch nieobecnościach do %(date)s."))
            _set_status(
                RoomBooking.objects.filter(pk__in=ids),
                BookingStatus.REFUSED,
                email_confirmed_at=now,
                hold_expires_at=None,
                decided_at=now,
                refusal_reason=reason % {"date": _local_date(until)},
            )
            queue_email(waiting[0], "blocked", waiting, until=until.isoformat())
    return list(RoomBooking.objects.filter(pk__in=ids).order_by("starts_at")), until


def confirm_email(booking, *, now=None) -> list[RoomBooking]:
    """The requester confirms the address: the request (every waiting occurrence of its series)
    goes to staff. Too late, and the slot was released: ``HoldExpired``. An address blocked
    after no-shows: the request is refused (and mailed) and ``RequesterBlocked`` raised."""
    now = now or timezone.now()
    confirmed, until = _confirm(booking, now)
    if until is not None:
        raise RequesterBlocked(until)
    return confirmed


def _room_of_booking(booking_id):
    room_id = RoomBooking.objects.filter(pk=booking_id).values_list("room_id", flat=True).first()
    if room_id is not None:
        _lock_room(room_id)


def confirm_email_link(token, *, now=None) -> list[RoomBooking]:
    """The requester opened the e-mailed confirmation link (``room-bookings/confirm``)."""
    now = now or timezone.now()
    with transaction.atomic():
        booking = links.redeem(token, LinkPurpose.EMAIL, RoomBooking, before=_room_of_booking, now=now)
        confirmed, until = _confirm(booking, now)
        links.revoke(booking, None if until else LinkPurpose.EMAIL, now=now)
    if until is not None:  # raised after the commit: the refusal and its e-mail are kept
        raise RequesterBlocked(until)
    return confirmed


def cancel_link(token, *, now=None) -> RoomBooking:
    """The requester used the e-mailed cancel link (``room-bookings/cancel``): the request (its
    whole series, what has not ended yet) is cancelled and the requester told."""
    now = now or timezone.now()
    with transaction.atomic():
        booking = links.redeem(
            token,
            LinkPurpose.CANCEL,
            RoomBooking,
            before=_room_of_booking,
            # the link's own booking may be an occurrence cancelled alone: the others still count
            usable=lambda b: _series_or_self(b).filter(status__in=OPEN).exists(),
            now=now,
        )
        cancel(booking, now=now)
        links.revoke(booking, now=now)
        booking.refresh_from_db()
        queue_email(booking, "cancelled")
    return booking


#: Bookings a requester may still cancel or move.
OPEN = [BookingStatus.AWAITING_EMAIL, BookingStatus.REQUESTED, BookingStatus.APPROVED]


def _cancel(queryset, now) -> int:
    return _set_status(
        queryset.filter(status__in=OPEN), BookingStatus.CANCELLED, cancelled_at=now, hold_expires_at=None
    )


def cancel(booking, *, now=None) -> int:
    """Cancel a request: the booking and its series' occurrences that have not ended yet."""
    now = now or timezone.now()
    with transaction.atomic():
        _lock_room(booking.room_id)
        if booking.series_id is None:
            cancelled = _cancel(RoomBooking.objects.filter(pk=booking.pk), now)
        else:
            cancelled = _cancel(RoomBooking.objects.filter(series_id=booking.series_id, ends_at__gt=now), now)
        if not cancelled:
            booking.refresh_from_db()
            raise NotChangeable(booking)
    return cancelled


def cancel_occurrence(booking, *, now=None) -> RoomBooking:
    """Cancel one occurrence of a series; the others stay as they are."""
    now = now or timezone.now()
    with transaction.atomic():
        _lock_room(booking.room_id)
        if not _cancel(RoomBooking.objects.filter(pk=booking.pk), now):
            booking.refresh_from_db()
            raise NotChangeable(booking)
    booking.refresh_from_db()
    return booking


def move_occurrence(booking, starts_at, ends_at, *, now=None) -> RoomBooking:
    """Move one booking (an occurrence of a series) to another time in the same room.

    The time is checked like a new request's (opening hours, closed days, the minimum notice,
    conflicts, its equipment); an approved booking goes back to staff for a new decision.
    """
    now = now or timezone.now()
    _check_interval(starts_at, ends_at)
    if timezone.localtime(starts_at).date() < earliest_date(timezone.localdate(now)):
        raise TooSoon(TooSoon.message % {"days": settings.CAS_ROOMS_MIN_WORKING_DAYS_AHEAD})
    with transaction.atomic():
        room = _lock_room(booking.room_id)
        _release_expired(room, now)
        booking = lock_row(RoomBooking.objects.filter(pk=booking.pk)).get()
        if booking.status not in OPEN:
            raise NotChangeable(booking)
        wanted = _lock_equipment(
            {line.equipment.slug: line.quantity for line in booking.equipment_lines.all()}
        )
        _check_open(room, starts_at, ends_at)
        _check_free(room, starts_at, ends_at, now, exclude=booking)
        _check_equipment(wanted, starts_at, ends_at, now, exclude=booking)
        booking.starts_at, booking.ends_at = starts_at, ends_at
        if booking.status == BookingStatus.APPROVED:
            booking.status = BookingStatus.REQUESTED
            booking.decided_at = booking.decided_by = None
        _save_holding(booking, now)
    return booking


# --- staff decisions ------------------------------------------------------------------


def _decide(booking, allowed, status, now, **fields):
    with transaction.atomic():
        locked = lock_row(RoomBooking.objects.filter(pk=booking.pk)).get()
        if locked.status not in allowed:
            raise NotChangeable(locked)
        locked.status = status
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.save(update_fields=["status", *fields])
    return locked


def approve(booking, by=None, *, now=None) -> RoomBooking:
    """Staff approve a confirmed request."""
    now = now or timezone.now()
    with transaction.atomic():
        approved = _decide(
            booking, [BookingStatus.REQUESTED], BookingStatus.APPROVED, now, decided_at=now, decided_by=by
        )
        queue_email(approved, "approved")
    return approved


def refuse(booking, reason, by=None, *, now=None) -> RoomBooking:
    """Staff refuse a request (also an approved one) with a reason the requester is told."""
    now = now or timezone.now()
    reason = (reason or "").strip()
    if not reason:
        raise RefusalReasonRequired()
    with transaction.atomic():
        refused = _decide(
            booking,
            [BookingStatus.AWAITING_EMAIL, BookingStatus.REQUESTED, BookingStatus.APPROVED],
            BookingStatus.REFUSED,
            now,
            decided_at=now,
            decided_by=by,
            refusal_reason=reason,
            hold_expires_at=None,
        )
        if refused.email_confirmed_at is not None:  # never mail an address nobody confirmed
            queue_email(refused, "refused")
    return refused


def mark_no_show(booking, *, now=None) -> RoomBooking:
    """Staff note that an approved meeting's group did not come."""
    now = now or timezone.now()
    if booking.starts_at > now:
        raise NoShowTooEarly()
    return _decide(booking, [BookingStatus.APPROVED], BookingStatus.NO_SHOW, now)


@dataclass
class SeriesApproval:
    """What approving a whole series did: the occurrences approved, and the others with why not."""

    approved: list[RoomBooking] = field(default_factory=list)
    skipped: list[tuple[RoomBooking, DomainError]] = field(default_factory=list)


def approve_series(booking, by=None, *, now=None) -> SeriesApproval:
    """Staff approve every occurrence of ``booking``'s series that has not ended, each one
    checked by the same rule as ``approve`` (only a request waiting for a decision); one
    e-mail lists the meetings approved. A booking without a series is approved alone."""
    now = now or timezone.now()
    result = SeriesApproval()
    with transaction.atomic():
        for occurrence in _series_or_self(booking).filter(ends_at__gt=now).order_by("starts_at", "pk"):
            try:
                result.approved.append(
                    _decide(
                        occurrence,
                        [BookingStatus.REQUESTED],
                        BookingStatus.APPROVED,
                        now,
                        decided_at=now,
                        decided_by=by,
                    )
                )
            except NotChangeable as error:
                result.skipped.append((occurrence, error))
        if result.approved:
            queue_email(result.approved[0], "approved", result.approved)
    return result


# --- no-shows -------------------------------------------------------------------------------

#: How many no-shows within ``CAS_ROOMS_NO_SHOW_WINDOW_DAYS`` block an address.
NO_SHOWS_TO_BLOCK = 2


def blocked_until(email, *, now=None):
    """When the block of ``email`` after no-shows ends, or None if it is not blocked now.

    Two no-shows whose meetings started at most ``CAS_ROOMS_NO_SHOW_WINDOW_DAYS`` apart block
    the address for ``CAS_ROOMS_NO_SHOW_BLOCK_DAYS`` from the start of the later one. Only
    for staff and for the requester who confirmed the address (module docstring).
    """
    now = now or timezone.now()
    email = (email or "").strip()
    if not email:
        return None
    window = timedelta(days=settings.CAS_ROOMS_NO_SHOW_WINDOW_DAYS)
    block = timedelta(days=settings.CAS_ROOMS_NO_SHOW_BLOCK_DAYS)
    starts = list(
        RoomBooking.objects.filter(
            contact_email__iexact=email,
            status=BookingStatus.NO_SHOW,
            starts_at__gt=now - block - window,
            starts_at__lte=now,
        )
        .order_by("starts_at")
        .values_list("starts_at", flat=True)
    )
    until = None
    for first, last in zip(starts, starts[NO_SHOWS_TO_BLOCK - 1 :], strict=False):
        if last - first <= window:
            until = last + block
    return until if until is not None and until > now else None


# --- reminders ------------------------------------------------------------------------------


def send_room_reminders(*, now=None) -> int:
    """E-mail the group of every approved meeting that starts tomorrow (the centre's calendar
    day), once each: ``reminder_sent_at`` is claimed by a conditional update, so a second or a
    concurrent run sends nothing again. Run hourly by cron (``send_room_reminders``)."""
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    day_starts = timezone.make_aware(datetime.combine(tomorrow, time.min))
    day_ends = timezone.make_aware(datetime.combine(tomorrow + timedelta(days=1), time.min))
    due = (
        RoomBooking.objects.filter(
            status=BookingStatus.APPROVED,
            reminder_sent_at__isnull=True,
            starts_at__gte=max(day_starts, now),
            starts_at__lt=day_ends,
        )
        .exclude(contact_email="")
        .values_list("pk", flat=True)
    )
    sent = 0
    for pk in list(due):
        with transaction.atomic():
            claimed = RoomBooking.objects.filter(
                pk=pk, reminder_sent_at__isnull=True, status=BookingStatus.APPROVED
            ).update(reminder_sent_at=now)
            if claimed:
                queue_email(RoomBooking.objects.get(pk=pk), "reminder")
                sent += 1
    return sent


# --- the e-mailed iCalendar link ----------------------------------------------------------


def calendar_bookings(token, *, now=None) -> list[RoomBooking]:
    """The meetings of an e-mailed calendar link (``/sale/rezerwacja.ics?token=``): the link's
    booking, or every occurrence of its series, that is approved and has not ended, soonest
    first. The link is only looked at (calendar apps fetch it again); with no such meeting left
    (cancelled, refused, over) it is gone (``LinkGone``, 410) like a used link."""
    now = now or timezone.now()
    link = links.find(token, LinkPurpose.CALENDAR, now=now)
    booking = RoomBooking.objects.filter(pk=link.object_id).first()
    meetings = []
    if booking is not None:
        meetings = list(
            _series_or_self(booking)
            .filter(status=BookingStatus.APPROVED, ends_at__gt=now)
            .select_related("room")
            .order_by("starts_at", "pk")
        )
    if not meetings:
        raise links.LinkGone(LinkPurpose.CALENDAR.gone_message)
    return meetings


# --- public reads ---------------------------------------------------------------------


def busy_intervals(room, date_from, date_to, *, now=None) -> list[tuple[datetime, datetime]]:
    """When ``room`` is taken between two moments: merged intervals, never who or why."""
    now = now or timezone.now()
    if date_to <= date_from or date_to - date_from > timedelta(days=settings.CAS_ROOMS_AVAILABILITY_MAX_DAYS):
        raise BadRange(BadRange.message % {"days": settings.CAS_ROOMS_AVAILABILITY_MAX_DAYS})
    rows = (
        RoomBooking.objects.filter(room=room)
        .blocking(now)
        .overlapping(date_from, date_to)
        .order_by("starts_at")
        .values_list("starts_at", "ends_at")
    )
    merged = []
    for begins, ends in rows:
        if merged and begins <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], ends))
        else:
            merged.append((begins, ends))
    return merged


def public_meetings(*, now=None):
    """Approved meetings that their groups chose to publicise, soonest first."""
    now = now or timezone.now()
    return RoomBooking.objects.public_meetings(now).select_related("room").order_by("starts_at", "pk")


# --- the requester's e-mailed links, read without using them ----------------------------


def booking_of_link(token, purpose) -> RoomBooking:
    """The booking a still-usable link points to, without using the link (what a page opened
    from the e-mail shows before its button is pressed); ``LinkGone`` otherwise."""
    booking = links.peek(token, purpose)
    if not isinstance(booking, RoomBooking):
        raise links.LinkGone(purpose.gone_message)
    return booking


def occurrences_of(booking):
    """The booking and the other occurrences of its series, in time order."""
    return _series_or_self(booking).select_related("room").order_by("starts_at", "pk")


def cancel_occurrence_link(token, occurrence_id, *, now=None) -> RoomBooking:
    """The requester cancels one occurrence of the request behind an e-mailed cancel link; the
    link stays usable for the others. An occurrence of another request is ``BookingNotFound``;
    one that has ended or is no longer open is ``NotChangeable``."""
    now = now or timezone.now()
    booking = booking_of_link(token, LinkPurpose.CANCEL)
    occurrence = (
        _series_or_self(booking).filter(pk=occurrence_id).first() if str(occurrence_id).isdigit() else None
    )
    if occurrence is None:
        raise BookingNotFound()
    if occurrence.ends_at <= now:
        raise NotChangeable(occurrence)
    with transaction.atomic():
        cancelled = cancel_occurrence(occurrence, now=now)
        queue_email(cancelled, "cancelled")
    return cancelled


# --- a room's week as the public page shows it ----------------------------------------------


@dataclass
class Period:
    """Part of an opening period: free or busy (never by whom); ``bookable`` when a request for
    it may start now (enough notice, not too far ahead)."""

    starts_at: datetime
    ends_at: datetime
    busy: bool
    bookable: bool = False


@dataclass
class Day:
    date: date
    closed: str | None = None  # the reason, when the room is closed that day ("" for none given)
    periods: list[Period] = field(default_factory=list)


def room_week(room, first_day: date, days: int = 7, *, now=None) -> list[Day]:
    """``days`` days of ``room`` from ``first_day``: its opening periods split into free and busy
    parts (``busy_intervals``), its closed days; nothing about who holds a slot."""
    now = now or timezone.now()
    earliest = earliest_date(timezone.localdate(now))
    latest = now + timedelta(days=settings.CAS_ROOMS_MAX_DAYS_AHEAD)
    start = timezone.make_aware(datetime.combine(first_day, datetime.min.time()))
    end = timezone.make_aware(datetime.combine(first_day + timedelta(days=days), datetime.min.time()))
    busy = [
        (timezone.localtime(b), timezone.localtime(e)) for b, e in busy_intervals(room, start, end, now=now)
    ]
    closed = {d.date: d.reason for d in room.closed_days.all()}
    hours = list(room.opening_hours.all())
    week = []
    for offset in range(days):
        day = Day(first_day + timedelta(days=offset))
        week.append(day)
        if day.date in closed:
            day.closed = closed[day.date]
            continue
        for opening in (h for h in hours if h.weekday == day.date.weekday()):
            opens = timezone.make_aware(datetime.combine(day.date, opening.opens))
            closes = timezone.make_aware(datetime.combine(day.date, opening.closes))
            day.periods += _split(opens, closes, busy, bookable=earliest <= day.date and opens <= latest)
    return week


def _split(opens, closes, busy, *, bookable) -> list[Period]:
    periods, cursor = [], opens
    for begins, ends in busy:
        if ends <= cursor or begins >= closes:
            continue
        if begins > cursor:
            periods.append(Period(cursor, begins, busy=False, bookable=bookable))
        periods.append(Period(max(begins, cursor), min(ends, closes), busy=True))
        cursor = min(ends, closes)
    if cursor < closes:
        periods.append(Period(cursor, closes, busy=False, bookable=bookable))
    return periods
