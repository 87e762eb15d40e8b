"""The booking rules and every status transition, through the services."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from campaigns.workshops import services
from campaigns.workshops.choices import BookingStatus
from campaigns.workshops.models import Booking
from cas_site.errors import TokenGone
from home.links import hash_link
from home.models import EmailLink
from tests.factories import link_token

pytestmark = pytest.mark.django_db

CANCEL = "/warsztaty/rezygnacja/"
GUARDIAN = "/warsztaty/zgoda-opiekuna/"


def minor_year(session, age=14):
    return timezone.localtime(session.starts_at).year - age


def test_free_seat_is_confirmed_with_reference(make_session, book):
    session = make_session(capacity=2)
    result = book(session)
    assert result.booking.status == BookingStatus.CONFIRMED
    assert result.booking.reference.startswith(f"CAS-{timezone.localdate().year}-")
    assert result.position is None
    assert session.seats_left() == 1


def test_full_session_puts_people_on_waiting_list_in_order(make_session, book):
    session = make_session(capacity=1)
    book(session, "a@example.org")
    second = book(session, "b@example.org")
    third = book(session, "c@example.org")
    assert (second.booking.status, second.position) == (BookingStatus.WAITING_LIST, 1)
    assert (third.booking.status, third.position) == (BookingStatus.WAITING_LIST, 2)


def test_full_session_without_waiting_list_is_refused(make_session, book):
    session = make_session(capacity=1, waiting_list=False)
    book(session, "a@example.org")
    with pytest.raises(services.SessionFull) as error:
        book(session, "b@example.org")
    assert error.value.status == 409
    assert "Brak wolnych miejsc" in str(error.value.message)


def test_same_email_cannot_book_twice(make_session, book):
    session = make_session()
    book(session, "Ala@Example.org")
    with pytest.raises(services.AlreadyBooked) as error:
        book(session, "ala@example.org")
    assert error.value.status == 409
    assert str(error.value.message) == "Ten adres e-mail jest już zapisany na ten termin."


def test_waiting_list_entry_also_counts_as_active(make_session, book):
    session = make_session(capacity=1)
    book(session, "a@example.org")
    book(session, "b@example.org")
    with pytest.raises(services.AlreadyBooked):
        book(session, "b@example.org")


def test_rebooking_after_cancellation_is_allowed(make_session, book, svc):
    session = make_session()
    book(session)
    svc.cancel_booking(link_token(mail.outbox[-1], CANCEL))
    assert book(session).booking.status == BookingStatus.CONFIRMED


def test_database_constraint_backs_the_one_active_booking_rule(make_session, book):
    session = make_session()
    first = book(session).booking
    duplicate = Booking(
        session=session,
        reference="CAS-TEST-1",
        status=BookingStatus.WAITING_LIST,
        name="X",
        email=first.email,
        birth_year=1990,
        terms_accepted_at=timezone.now(),
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()
    duplicate.status = BookingStatus.CANCELLED  # inactive rows may repeat
    duplicate.save()


@pytest.mark.parametrize(("age", "fits"), [(12, False), (13, True), (18, True), (19, False)])
def test_age_must_fit_the_range_by_birth_year(make_session, book, age, fits):
    session = make_session(min_age=13, max_age=18)
    year = timezone.localtime(session.starts_at).year - age
    if fits:
        book(session, birth_year=year, guardian_email="rodzic@example.org")
    else:
        with pytest.raises(services.AgeOutOfRange) as error:
            book(session, birth_year=year)
        assert error.value.status == 422
        assert "w innym wieku" in str(error.value.message)


def test_registration_closed_before_opening_and_after_closing(make_session, book):
    now = timezone.now()
    not_yet = make_session(registration_opens_at=now + timedelta(days=1))
    with pytest.raises(services.RegistrationClosed) as error:
        book(not_yet)
    assert str(error.value.message) == "Zapisy na ten termin są zamknięte."
    closed = make_session(registration_closes_at=now - timedelta(minutes=1))
    with pytest.raises(services.RegistrationClosed):
        book(closed)
    started = make_session(starts_in=timedelta(minutes=-5))
    with pytest.raises(services.RegistrationClosed):
        book(started)


def test_cancelled_session_refuses_bookings(make_session, book):
    session = make_session(cancelled=True)
    with pytest.raises(services.SessionCancelled) as error:
        book(session)
    assert str(error.value.message) == "Ten termin został odwołany."


def test_terms_must_be_accepted(make_session, book):
    with pytest.raises(services.TermsRequired):
        book(make_session(), terms=False)


def test_under_16_needs_a_guardian_email_different_from_own(make_session, book):
    session = make_session()
    with pytest.raises(services.GuardianRequired) as error:
        book(session, birth_year=minor_year(session))
    assert "opiekuna" in str(error.value.message)
    with pytest.raises(services.GuardianRequired):
        book(session, birth_year=minor_year(session), guardian_email="ala@example.org")


def test_minor_seat_is_held_until_guardian_confirms(make_session, book, svc):
    session = make_session(capacity=1)
    result = book(
        session, "nastolatek@example.org", birth_year=minor_year(session), guardian_email="Mama@example.org"
    )
    booking = result.booking
    assert booking.status == BookingStatus.AWAITING_GUARDIAN
    # the long hold starts once the booker's own address is confirmed
    assert booking.hold_expires_at == booking.email_confirmed_at + timedelta(hours=48)
    assert session.seats_left() == 0  # the held seat counts
    guardian_mail = next(m for m in mail.outbox if m.to == ["mama@example.org"])
    booking = svc.confirm_guardian(link_token(guardian_mail, GUARDIAN))
    assert booking.status == BookingStatus.CONFIRMED
    assert booking.guardian_confirmed_at is not None
    assert mail.outbox[-1].subject.startswith("Potwierdzenie zapisu")
    with pytest.raises(TokenGone):
        svc.confirm_guardian(link_token(guardian_mail, GUARDIAN))


def test_guardian_consent_while_on_waiting_list_confirms_directly_on_promotion(make_session, book, svc):
    session = make_session(capacity=1)
    book(session, "dorosly@example.org")
    first_mail = mail.outbox[-1]
    minor = book(
        session, "mlody@example.org", birth_year=minor_year(session), guardian_email="tata@example.org"
    )
    assert minor.booking.status == BookingStatus.WAITING_LIST
    guardian_mail = next(m for m in mail.outbox if m.to == ["tata@example.org"])
    assert svc.confirm_guardian(link_token(guardian_mail, GUARDIAN)).status == BookingStatus.WAITING_LIST
    svc.cancel_booking(link_token(first_mail, CANCEL))
    minor.booking.refresh_from_db()
    assert minor.booking.status == BookingStatus.CONFIRMED


def test_cancel_frees_the_seat_and_promotes_the_first_waiting(make_session, book, svc):
    session = make_session(capacity=1)
    book(session, "a@example.org")
    cancel_mail = mail.outbox[-1]
    b = book(session, "b@example.org").booking
    c = book(session, "c@example.org").booking
    mail.outbox.clear()
    cancelled = svc.cancel_booking(link_token(cancel_mail, CANCEL))
    assert cancelled.status == BookingStatus.CANCELLED
    b.refresh_from_db()
    c.refresh_from_db()
    assert b.status == BookingStatus.CONFIRMED
    assert c.status == BookingStatus.WAITING_LIST
    assert c.waiting_position() == 1
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "b@example.org"]
    promoted = next(m for m in mail.outbox if m.to == ["b@example.org"])
    assert promoted.subject.startswith("Zwolniło się miejsce")


def test_promoted_minor_without_consent_gets_a_new_48h_hold(make_session, book, svc):
    session = make_session(capacity=1)
    book(session, "a@example.org")
    cancel_mail = mail.outbox[-1]
    minor = book(
        session, "m@example.org", birth_year=minor_year(session), guardian_email="g@example.org"
    ).booking
    svc.cancel_booking(link_token(cancel_mail, CANCEL))
    minor.refresh_from_db()
    assert minor.status == BookingStatus.AWAITING_GUARDIAN
    assert minor.hold_expires_at > timezone.now() + timedelta(hours=47)


def test_waiting_list_person_can_leave_the_list(make_session, book, svc):
    session = make_session(capacity=1)
    book(session, "a@example.org")
    book(session, "b@example.org")
    waiting_mail = mail.outbox[-1]
    assert svc.cancel_booking(link_token(waiting_mail, CANCEL)).status == BookingStatus.CANCELLED


def test_cancel_token_is_single_use_and_expires(make_session, book, svc):
    session = make_session()
    book(session)
    token = link_token(mail.outbox[-1], CANCEL)
    svc.cancel_booking(token)
    with pytest.raises(TokenGone) as error:
        svc.cancel_booking(token)
    assert error.value.status == 410
    with pytest.raises(TokenGone):
        svc.cancel_booking("nie-ma-takiego-tokenu")
    book(session, "b@example.org")
    other = link_token(mail.outbox[-1], CANCEL)
    with pytest.raises(TokenGone):
        svc.cancel_booking(other, now=session.starts_at + timedelta(minutes=1))


def test_cancel_token_cannot_confirm_a_guardian(make_session, book, svc):
    session = make_session()
    book(session)
    with pytest.raises(TokenGone):
        svc.confirm_guardian(link_token(mail.outbox[-1], CANCEL))


def test_tokens_are_stored_only_as_sha256(make_session, book):
    session = make_session()
    book(session)
    token = link_token(mail.outbox[-1], CANCEL)
    assert len(token) >= 22  # ≥ 128 bits in URL-safe base64
    assert EmailLink.objects.filter(token_hash=hash_link(token), purpose="workshops.cancel").exists()
    for row in EmailLink.objects.all():
        assert len(row.token_hash) == 64 and token not in row.token_hash


def test_expired_holds_are_released_and_the_queue_promoted(make_session, book, svc, committed):
    session = make_session(capacity=1)
    minor = book(
        session, "m@example.org", birth_year=minor_year(session), guardian_email="g@example.org"
    ).booking
    adult = book(session, "a@example.org").booking
    assert adult.status == BookingStatus.WAITING_LIST
    assert svc.release_expired_holds(now=timezone.now() + timedelta(hours=47)) == 0
    mail.outbox.clear()
    with committed():
        call_command("release_expired_holds", stdout=StringIO())  # not yet due
    assert svc.release_expired_holds(now=timezone.now() + timedelta(hours=49)) == 1
    minor.refresh_from_db()
    adult.refresh_from_db()
    assert minor.status == BookingStatus.CANCELLED
    assert adult.status == BookingStatus.CONFIRMED
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects["m@example.org"].startswith("Miejsce zwolnione")
    assert subjects["a@example.org"].startswith("Zwolniło się miejsce")
    assert svc.release_expired_holds(now=timezone.now() + timedelta(hours=50)) == 0


def test_reminders_go_out_once_24h_before(make_session, book, svc, committed):
    soon = make_session(starts_in=timedelta(hours=20))
    later = make_session(starts_in=timedelta(days=3))
    book(soon, "a@example.org")
    book(soon, "b@example.org")
    book(later, "c@example.org")
    mail.outbox.clear()
    with committed():
        call_command("send_workshop_reminders", stdout=StringIO())
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "b@example.org"]
    assert all(m.subject.startswith("Przypomnienie") for m in mail.outbox)
    assert svc.send_workshop_reminders() == 0
    assert len(mail.outbox) == 2
    assert Booking.objects.filter(reminder_sent_at__isnull=False).count() == 2


def test_attendance_marks_only_confirmed_bookings(make_session, book):
    session = make_session(capacity=1)
    confirmed = book(session, "a@example.org").booking
    waiting = book(session, "b@example.org").booking
    changed = services.mark_attendance([confirmed.pk, waiting.pk], BookingStatus.ATTENDED)
    assert changed == 1
    confirmed.refresh_from_db()
    assert confirmed.status == BookingStatus.ATTENDED
    services.mark_attendance([confirmed.pk], BookingStatus.NO_SHOW)
    confirmed.refresh_from_db()
    assert confirmed.status == BookingStatus.NO_SHOW
    assert session.seats_left() == 0  # attended / no-show still hold the seat
    with pytest.raises(services.InvalidAttendance):
        services.mark_attendance([confirmed.pk], BookingStatus.CANCELLED)


def test_unpublished_workshop_cannot_be_booked(make_session, book):
    session = make_session()
    session.page.unpublish()
    with pytest.raises(services.SessionNotFound):
        book(session)


def test_minor_can_give_up_a_held_seat(make_session, book, svc):
    session = make_session(capacity=1)
    held = book(session, "m@example.org", birth_year=minor_year(session), guardian_email="g@example.org")
    own_mail = next(m for m in mail.outbox if m.to == ["m@example.org"])
    waiting = book(session, "w@example.org").booking
    assert svc.cancel_booking(link_token(own_mail, CANCEL)).status == BookingStatus.CANCELLED
    guardian_mail = next(m for m in mail.outbox if m.to == ["g@example.org"])
    with pytest.raises(TokenGone):  # the guardian's link died with the booking
        svc.confirm_guardian(link_token(guardian_mail, GUARDIAN))
    waiting.refresh_from_db()
    assert waiting.status == BookingStatus.CONFIRMED
    assert held.booking.pk != waiting.pk
