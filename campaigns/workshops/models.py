"""Workshop pages, their dated sessions and bookings.

PAGE_TYPES_NOTE: the two page models keep the ``campaigns`` app label. Wagtail names a page
type by its label in the public pages API (``meta.type``, ``?type=campaigns.WorkshopPage``),
so moving them would break clients; their migrations therefore stay in ``campaigns``. The
records (sessions, bookings, links, e-mails) belong to the ``workshops`` app, their tables
keeping the ``campaigns_`` names they were created with (``Meta.db_table``).
"""

from datetime import datetime, time, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from campaigns.workshops.choices import (
    ACTIVE,
    SEAT_HOLDING,
    Audience,
    BookingStatus,
    TokenPurpose,
    Topic,
)
from home import ages
from home.blocks import BaseStreamBlock
from home.models import BasePage

__all__ = [
    "Booking",
    "BookingToken",
    "WorkshopIndexPage",
    "WorkshopPage",
    "WorkshopSession",
]

#: How long a seat is held for a minor while we wait for the guardian (asked only once the
#: booker's own address is confirmed; the booker's hold is ``CAS_BOOKING_EMAIL_HOLD_MINUTES``).
GUARDIAN_HOLD = timedelta(hours=48)


class ChoiceListField(models.CharField):
    """A list of slugs from fixed choices, stored as ``",a,b,"`` so that ``contains=",a,"``
    filters it in SQL on PostgreSQL and SQLite alike (JSON ``contains`` is PostgreSQL-only)."""

    def __init__(self, *args, list_choices=None, **kwargs):
        self.list_choices = list_choices
        kwargs.setdefault("max_length", 255)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["list_choices"] = self.list_choices
        kwargs.pop("default", None)
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        return self.to_python(value)

    def to_python(self, value):
        if isinstance(value, list | tuple):
            return list(value)
        return [part for part in (value or "").split(",") if part]

    def get_prep_value(self, value):
        if isinstance(value, list | tuple):
            return f",{','.join(value)}," if value else ""
        return value

    def value_to_string(self, obj):
        return self.get_prep_value(self.value_from_object(obj))

    def validate(self, value, model_instance):
        allowed = {key for key, _label in self.list_choices or []}
        unknown = [v for v in value if v not in allowed]
        if unknown:
            raise ValidationError(_("Niedozwolona wartość: %(value)s"), params={"value": ", ".join(unknown)})
        if not self.blank and not value:
            raise ValidationError(self.error_messages["blank"], code="blank")

    def formfield(self, **kwargs):
        return forms.MultipleChoiceField(
            choices=self.list_choices,
            required=not self.blank,
            label=self.verbose_name,
            help_text=self.help_text,
            widget=forms.CheckboxSelectMultiple,
        )


class WorkshopIndexPage(BasePage):
    """/warsztaty/: upcoming sessions grouped by month, with filters and an archive
    (served by ``campaigns.workshops.views.workshop_index``)."""

    template = "campaigns/workshops/workshop_index_page.html"
    per_page = 12
    max_count = 1
    subpage_types = ["campaigns.WorkshopPage"]
    content_panels = [*Page.content_panels, FieldPanel("intro")]

    class Meta:
        app_label = "campaigns"  # page types keep their API name (see PAGE_TYPES_NOTE)
        verbose_name = _("lista warsztatów")
        verbose_name_plural = _("listy warsztatów")


class WorkshopPageForm(WagtailAdminPageForm):
    """Refuses to delete a session people have booked (bookings are kept; cancel it instead)."""

    def clean(self):
        cleaned = super().clean()
        sessions = self.formsets.get("sessions")
        for form in getattr(sessions, "deleted_forms", []):
            if form.instance.pk and form.instance.bookings.exists():
                self.add_error(
                    None,
                    _("Nie można usunąć terminu %(session)s, bo są na niego zapisy. Zaznacz „odwołany”.")
                    % {"session": timezone.localtime(form.instance.starts_at).strftime("%d.%m.%Y %H:%M")},
                )
        return cleaned


class WorkshopPage(BasePage):
    """One workshop or training (its ``intro`` is the lead), booked per dated session
    (served with the booking form by ``campaigns.workshops.views.workshop_page``)."""

    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("obraz"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_alt = models.CharField(_("tekst alternatywny obrazu"), max_length=250, blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("treść"), blank=True)
    topic = models.CharField(_("temat"), max_length=40, choices=Topic.choices, default=Topic.CIVIC)
    audiences = ChoiceListField(_("dla kogo"), list_choices=Audience.choices)
    min_age = models.PositiveSmallIntegerField(_("wiek od"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("wiek do"), null=True, blank=True)
    trainers = models.CharField(_("prowadzący"), max_length=255, blank=True)
    place = models.CharField(
        _("miejsce"),
        max_length=255,
        blank=True,
        help_text=_("Zostaw puste, jeśli warsztaty odbywają się w siedzibie centrum."),
    )
    what_to_bring = models.TextField(_("co zabrać"), blank=True)
    accessibility = models.TextField(_("informacje o dostępności"), blank=True)

    template = "campaigns/workshops/workshop_page.html"
    base_form_class = WorkshopPageForm
    parent_page_types = ["campaigns.WorkshopIndexPage"]
    subpage_types = []
    content_panels = [
        *Page.content_panels,
        FieldPanel("intro", heading=_("lead")),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading=_("Obraz")),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("topic"),
                FieldPanel("audiences"),
                FieldRowPanel([FieldPanel("min_age"), FieldPanel("max_age")]),
                FieldPanel("trainers"),
                FieldPanel("place"),
                FieldPanel("what_to_bring"),
                FieldPanel("accessibility"),
            ],
            heading=_("Szczegóły"),
        ),
        InlinePanel("sessions", heading=_("Terminy"), label=_("termin")),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("body"), index.SearchField("trainers")]
    api_fields = [
        *BasePage.api_fields,
        APIField("body"),
        APIField("topic"),
        APIField("audience"),  # a plain list (the stored form is a delimited string)
        APIField("min_age"),
        APIField("max_age"),
        APIField("trainers"),
        APIField("place"),
        APIField("what_to_bring"),
        APIField("accessibility"),
    ]

    class Meta:
        app_label = "campaigns"  # page types keep their API name (see PAGE_TYPES_NOTE)
        verbose_name = _("warsztat")
        verbose_name_plural = _("warsztaty")

    def clean(self):
        super().clean()
        errors = {}
        if self.image_id and not self.image_alt.strip():
            errors["image_alt"] = _("Podaj tekst alternatywny obrazu.")
        if self.min_age and self.max_age and self.min_age > self.max_age:
            errors["max_age"] = _("Wiek do nie może być mniejszy niż wiek od.")
        if errors:
            raise ValidationError(errors)

    @property
    def audience(self):
        return list(self.audiences)

    def get_audience_labels(self):
        labels = dict(Audience.choices)
        return [labels.get(a, a) for a in self.audiences]

    def get_topic_label(self):
        return dict(Topic.choices).get(self.topic, self.topic)


class WorkshopSessionQuerySet(models.QuerySet):
    def with_seats(self):
        """Annotate ``seats_taken`` and ``waiting_count`` (one query for any number of sessions)."""
        return self.annotate(
            seats_taken=Count("bookings", filter=Q(bookings__status__in=SEAT_HOLDING)),
            waiting_count=Count("bookings", filter=Q(bookings__status=BookingStatus.WAITING_LIST)),
        )

    def upcoming(self, now=None):
        return self.filter(starts_at__gte=now or timezone.now())

    def public(self):
        return self.filter(page__live=True)

    # The public listing filters (``GET workshops/`` and ``/warsztaty/``).

    def starting_from(self, day):
        return self.filter(starts_at__gte=datetime.combine(day, time.min, timezone.get_current_timezone()))

    def starting_until(self, day):
        return self.filter(starts_at__lte=datetime.combine(day, time.max, timezone.get_current_timezone()))

    def for_audience(self, audience):
        return self.filter(page__audiences__contains=f",{audience},")

    def on_topic(self, topic):
        return self.filter(page__topic=topic)

    def with_free_seats(self):
        """Not cancelled and not full (needs ``with_seats()`` first)."""
        return self.filter(cancelled=False, seats_taken__lt=F("capacity"))

    def filtered(self, *, date_from=None, date_to=None, audience=None, topic=None, has_seats=None):
        """The listing filters that are set (``has_seats`` needs ``with_seats()`` first)."""
        sessions = self
        if date_from:
            sessions = sessions.starting_from(date_from)
        if date_to:
            sessions = sessions.starting_until(date_to)
        if audience:
            sessions = sessions.for_audience(audience)
        if topic:
            sessions = sessions.on_topic(topic)
        if has_seats:
            sessions = sessions.with_free_seats()
        return sessions


class WorkshopSession(Orderable):
    """A dated session (termin) of a workshop: its seats are what people book."""

    page = ParentalKey(WorkshopPage, related_name="sessions", on_delete=models.CASCADE)
    starts_at = models.DateTimeField(_("początek"))
    ends_at = models.DateTimeField(_("koniec"))
    place = models.CharField(
        _("miejsce (jeśli inne)"), max_length=255, blank=True, help_text=_("Zastępuje miejsce warsztatu.")
    )
    capacity = models.PositiveIntegerField(_("liczba miejsc"), default=15)
    registration_opens_at = models.DateTimeField(_("zapisy od"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(
        _("zapisy do"), null=True, blank=True, help_text=_("Puste: do rozpoczęcia zajęć.")
    )
    waiting_list_enabled = models.BooleanField(_("lista rezerwowa"), default=True)
    cancelled = models.BooleanField(_("odwołany"), default=False)

    objects = WorkshopSessionQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        FieldPanel("place"),
        FieldPanel("capacity"),
        FieldRowPanel([FieldPanel("registration_opens_at"), FieldPanel("registration_closes_at")]),
        FieldRowPanel([FieldPanel("waiting_list_enabled"), FieldPanel("cancelled")]),
    ]

    class Meta(Orderable.Meta):
        db_table = "campaigns_workshopsession"
        ordering = ["starts_at"]
        verbose_name = _("termin")
        verbose_name_plural = _("terminy")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="workshop_session_ends_after_start"
            ),
        ]

    def __str__(self):
        local = timezone.localtime(self.starts_at)
        return f"{self.page.title} — {local:%d.%m.%Y %H:%M}"

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("Koniec musi być po początku.")})

    @property
    def closes_at(self):
        return self.registration_closes_at or self.starts_at

    def registration_is_open(self, now=None):
        now = now or timezone.now()
        if self.cancelled or now >= self.closes_at:
            return False
        return self.registration_opens_at is None or now >= self.registration_opens_at

    def get_place(self, default=""):
        return self.place or self.page.place or default

    def seats_left(self):
        """Free seats; uses the ``with_seats()`` annotation when present."""
        taken = getattr(self, "seats_taken", None)
        if taken is None:
            taken = self.bookings.filter(status__in=SEAT_HOLDING).count()
        return max(0, self.capacity - taken)

    seats_left.short_description = _("wolne miejsca")

    def age_fits(self, birth_year):
        """Age is counted by birth year in the session's year (we never ask for a birth date)."""
        age = timezone.localtime(self.starts_at).year - birth_year
        page = self.page
        if page.min_age is not None and age < page.min_age:
            return False
        return page.max_age is None or age <= page.max_age


class Booking(models.Model):
    """A person's booking (zapis) of a seat, or of a place on the waiting list, for one session."""

    session = models.ForeignKey(
        WorkshopSession, verbose_name=_("termin"), related_name="bookings", on_delete=models.PROTECT
    )
    reference = models.CharField(_("numer"), max_length=20, unique=True)
    status = models.CharField(_("status"), max_length=20, choices=BookingStatus.choices)
    name = models.CharField(_("imię i nazwisko"), max_length=120)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("rok urodzenia"))
    guardian_email = models.EmailField(_("e-mail opiekuna"), blank=True)
    guardian_confirmed_at = models.DateTimeField(_("zgoda opiekuna"), null=True, blank=True)
    email_confirmed_at = models.DateTimeField(_("e-mail potwierdzony"), null=True, blank=True)
    #: Keyed hash of the booking client's address while the e-mail is unconfirmed (limits how
    #: many unconfirmed bookings one client holds in a session); cleared once confirmed.
    client_key = models.CharField(_("klient (skrót)"), max_length=64, blank=True, editable=False)
    language = models.CharField(_("język"), max_length=5, default="pl")
    terms_accepted_at = models.DateTimeField(_("akceptacja regulaminu"))
    created_at = models.DateTimeField(_("utworzono"), default=timezone.now)
    #: Waiting-list order: when the person joined the queue.
    queued_at = models.DateTimeField(_("w kolejce od"), default=timezone.now)
    hold_expires_at = models.DateTimeField(_("miejsce trzymane do"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("anulowano"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("przypomnienie wysłano"), null=True, blank=True)

    class Meta:
        db_table = "campaigns_booking"
        ordering = ["session", "queued_at", "id"]
        verbose_name = _("zapis na warsztaty")
        verbose_name_plural = _("zapisy na warsztaty")
        constraints = [
            # One active booking per e-mail per session, whatever the race (partial index).
            models.UniqueConstraint(
                fields=["session", "email"],
                condition=Q(status__in=ACTIVE),
                name="unique_active_booking_per_email",
            ),
        ]
        indexes = [models.Index(fields=["session", "status"], name="booking_session_status")]

    def __str__(self):
        return f"{self.reference} ({self.get_status_display()})"

    @property
    def needs_guardian(self):
        """Under 16 in the session's year: the guardian confirms before the seat is theirs."""
        return ages.needs_guardian_consent(ages.age_at(self.birth_year, self.session.starts_at))

    def waiting_position(self):
        """1-based place on the waiting list, or None."""
        if self.status != BookingStatus.WAITING_LIST:
            return None
        return (
            Booking.objects.filter(session_id=self.session_id, status=BookingStatus.WAITING_LIST)
            .filter(Q(queued_at__lt=self.queued_at) | Q(queued_at=self.queued_at, id__lte=self.id))
            .count()
        )

    waiting_position.short_description = _("miejsce na liście rezerwowej")


class BookingToken(models.Model):
    """Superseded by home.EmailLink; dropped once the apps move lands (no longer written or read).

    A single-purpose link sent by e-mail (cancel, guardian consent, e-mail confirmation);
    only its SHA-256 is stored."""

    booking = models.ForeignKey(Booking, related_name="tokens", on_delete=models.CASCADE)
    purpose = models.CharField(max_length=20, choices=TokenPurpose.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "campaigns_bookingtoken"
        verbose_name = _("link z e-maila")
        verbose_name_plural = _("linki z e-maili")

    def __str__(self):
        return f"{self.get_purpose_display()} #{self.booking_id}"


class BookingEmail(models.Model):
    """Superseded by home.OutgoingEmail; dropped once the apps move lands (no longer written or read).

    An e-mail about a booking, written in the booking's transaction and delivered (and retried) later.

    Only the booking and the kind of message are stored: the text and its one-time
    links are made when it is sent. ``sent_at`` set means delivered; delivery claims
    the row under a lock, so no message goes out twice.
    """

    booking = models.ForeignKey(Booking, related_name="emails", on_delete=models.CASCADE)
    kind = models.CharField(max_length=20)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        db_table = "campaigns_bookingemail"
        ordering = ["created_at", "pk"]
        verbose_name = _("e-mail o zapisie")
        verbose_name_plural = _("e-maile o zapisach")

    def __str__(self):
        return f"{self.kind} #{self.booking_id}"


def centre_address(request=None):
    """The centre's address from the site settings: the default place of every workshop."""
    from wagtail.models import Site

    from home.models import CentreSettings

    site = (Site.find_for_request(request) if request else None) or Site.objects.filter(
        is_default_site=True
    ).first()
    settings = CentreSettings.for_site(site) if site else CentreSettings()
    return settings.address
