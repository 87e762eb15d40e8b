"""Rooms and equipment the centre lends, its house rules, and the bookings of groups.

Rooms, equipment and house rules are content CAS edits (snippets). Bookings are a register
of people (a group's contact data): only the "Sale" and coordination staff see them, and
they change only through ``initiatives.rooms.services``, which keeps the two invariants:

- bookings that hold a room (``BLOCKING``) never overlap in that room (back to back is fine);
  on PostgreSQL the exclusion constraint ``rooms_booking_no_overlap`` enforces it too;
- equipment lent separately is never promised beyond its quantity at any moment.
"""

import hashlib

from django.contrib.postgres.fields import DateTimeRangeField, RangeBoundary, RangeOperators
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Func, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel

from initiatives.rooms.choices import BLOCKING, BookingStatus, OrganiserKind, Repeat, Weekday
from initiatives.rooms.constraints import PostgresExclusionConstraint

__all__ = [
    "BookingEquipment",
    "Equipment",
    "HouseRules",
    "Room",
    "RoomBooking",
    "RoomBookingSeries",
    "RoomClosedDay",
    "RoomOpeningHours",
]


class TsTzRange(Func):
    """``tstzrange(start, end, '[)')``: a half-open interval, so back-to-back bookings never overlap."""

    function = "TSTZRANGE"
    output_field = DateTimeRangeField()


class Equipment(models.Model):
    """Equipment lent separately from any room (a projector, chairs, a sound system)."""

    name = models.CharField(_("nazwa"), max_length=120)
    slug = models.SlugField(_("identyfikator"), max_length=60, unique=True)
    quantity = models.PositiveSmallIntegerField(
        _("liczba sztuk"), default=1, help_text=_("Ile sztuk można wypożyczyć jednocześnie.")
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("quantity")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("sprzęt do wypożyczenia")
        verbose_name_plural = _("sprzęt do wypożyczenia")

    def __str__(self):
        return f"{self.name} ({self.quantity})"


class Room(ClusterableModel):
    """A room groups may book; ``bookable`` rooms are listed publicly."""

    name = models.CharField(_("nazwa"), max_length=120)
    slug = models.SlugField(
        _("identyfikator w adresie"), max_length=60, unique=True, help_text=_("Część adresu, np. sala-duza.")
    )
    capacity = models.PositiveSmallIntegerField(_("liczba miejsc"))
    floor = models.SmallIntegerField(_("piętro"), default=0, help_text=_("0 to parter."))
    step_free = models.BooleanField(_("dostęp bez schodów"), default=False)
    equipment = models.TextField(
        _("wyposażenie sali"), blank=True, help_text=_("Co jest na miejscu, jedna rzecz w wierszu.")
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("zdjęcie"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    photo_alt = models.CharField(
        _("opis zdjęcia (tekst alternatywny)"),
        max_length=250,
        blank=True,
        help_text=_("Co widać na zdjęciu, dla osób, które go nie widzą."),
    )
    description = models.TextField(
        _("opis"), blank=True, help_text=_("Zwykły tekst; puste linie oddzielają akapity.")
    )
    bookable = models.BooleanField(_("można rezerwować"), default=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldRowPanel([FieldPanel("capacity"), FieldPanel("floor"), FieldPanel("step_free")]),
        FieldPanel("equipment"),
        MultiFieldPanel([FieldPanel("photo"), FieldPanel("photo_alt")], heading=_("Zdjęcie")),
        FieldPanel("description"),
        FieldPanel("bookable"),
        InlinePanel("opening_hours", heading=_("Godziny otwarcia"), label=_("godziny")),
        InlinePanel("closed_days", heading=_("Dni zamknięcia"), label=_("dzień")),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("sala")
        verbose_name_plural = _("sale")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.photo_id and not self.photo_alt.strip():
            raise ValidationError({"photo_alt": _("Opisz zdjęcie (tekst alternatywny).")})

    @property
    def equipment_list(self):
        return [line.strip() for line in self.equipment.splitlines() if line.strip()]

    @property
    def path(self):
        """The room's public page (``rooms:room``)."""
        return f"/sale/{self.slug}/"


class RoomOpeningHours(models.Model):
    """One weekly opening period of a room (several per day are fine)."""

    room = ParentalKey(Room, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(_("dzień tygodnia"), choices=Weekday.choices)
    opens = models.TimeField(_("od"))
    closes = models.TimeField(_("do"))

    panels = [FieldRowPanel([FieldPanel("weekday"), FieldPanel("opens"), FieldPanel("closes")])]

    class Meta:
        ordering = ["weekday", "opens"]
        verbose_name = _("godziny otwarcia")
        verbose_name_plural = _("godziny otwarcia")
        constraints = [
            models.CheckConstraint(condition=Q(closes__gt=models.F("opens")), name="rooms_hours_open_first")
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"

    def clean(self):
        if self.opens and self.closes and self.closes <= self.opens:
            raise ValidationError({"closes": _("Godzina zamknięcia musi być po godzinie otwarcia.")})


class RoomClosedDay(models.Model):
    """A day the room cannot be booked (a holiday, a renovation, the centre's own event)."""

    room = ParentalKey(Room, on_delete=models.CASCADE, related_name="closed_days")
    date = models.DateField(_("data"))
    reason = models.CharField(_("powód"), max_length=120, blank=True)

    panels = [FieldRowPanel([FieldPanel("date"), FieldPanel("reason")])]

    class Meta:
        ordering = ["date"]
        verbose_name = _("dzień zamknięcia")
        verbose_name_plural = _("dni zamknięcia")
        constraints = [models.UniqueConstraint(fields=["room", "date"], name="rooms_closed_day_once")]

    def __str__(self):
        return f"{self.date:%Y-%m-%d}"


class HouseRules(models.Model):
    """One version of the house rules a requester accepts; published versions are frozen.

    The version in force is the newest one published by now; a booking keeps the version
    its requester accepted.
    """

    version = models.PositiveIntegerField(_("wersja"), editable=False, unique=True)
    text = models.TextField(_("treść"))
    sha256 = models.CharField(_("skrót SHA-256"), max_length=64, editable=False)
    published_at = models.DateTimeField(_("obowiązuje od"), default=timezone.now)

    panels = [FieldPanel("text"), FieldPanel("published_at")]

    class Meta:
        ordering = ["-version"]
        verbose_name = _("regulamin sal")
        verbose_name_plural = _("regulamin sal (wersje)")

    def __str__(self):
        return f"{_('Regulamin sal')} v{self.version}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("Opublikowanego regulaminu nie można zmienić — dodaj nową wersję."))
        self.sha256 = hashlib.sha256(self.text.encode("utf-8")).hexdigest()
        if self.version is None:
            latest = HouseRules.objects.order_by("-version").first()
            self.version = latest.version + 1 if latest else 1
        super().save(*args, **kwargs)

    @classmethod
    def in_force(cls, now=None):
        return cls.objects.filter(published_at__lte=now or timezone.now()).order_by("-version").first()


class RoomBookingSeries(models.Model):
    """A recurring request: its occurrences are bookings of their own (each can be cancelled or moved)."""

    reference = models.CharField(_("numer"), max_length=32, unique=True)
    every = models.CharField(_("powtarzanie"), max_length=10, choices=Repeat.choices)
    until = models.DateField(_("do dnia"))
    created_at = models.DateTimeField(_("utworzono"), default=timezone.now)
    skipped = models.JSONField(
        _("pominięte terminy"),
        default=list,
        blank=True,
        help_text=_("Terminy cyklu, których nie dało się zarezerwować, i dlaczego (bez danych innych grup)."),
    )

    class Meta:
        verbose_name = _("cykl rezerwacji")
        verbose_name_plural = _("cykle rezerwacji")

    def __str__(self):
        return self.reference

    @property
    def skipped_occurrences(self) -> list[dict]:
        """``skipped`` with its moments as datetimes: ``[{"starts_at", "ends_at", "reason"}]``."""
        from datetime import datetime

        return [
            {
                "starts_at": timezone.localtime(datetime.fromisoformat(item["starts_at"])),
                "ends_at": timezone.localtime(datetime.fromisoformat(item["ends_at"])),
                "reason": item.get("reason", ""),
            }
            for item in self.skipped
        ]


class RoomBookingQuerySet(models.QuerySet):
    def blocking(self, now):
        """Bookings that hold their slot now (an unconfirmed request only until its hold expires)."""
        return self.filter(status__in=BLOCKING).exclude(
            status=BookingStatus.AWAITING_EMAIL, hold_expires_at__lte=now
        )

    def overlapping(self, starts_at, ends_at):
        """Bookings that share any moment with ``[starts_at, ends_at)`` (back to back does not)."""
        return self.filter(starts_at__lt=ends_at, ends_at__gt=starts_at)

    def public_meetings(self, now):
        """Approved meetings their groups chose to publicise, not yet over."""
        return self.filter(status=BookingStatus.APPROVED, ends_at__gt=now).exclude(public_title="")


class RoomBooking(models.Model):
    """A request for a room at one time (one occurrence of a series, if it repeats)."""

    reference = models.CharField(_("numer"), max_length=32, unique=True)
    room = models.ForeignKey(Room, verbose_name=_("sala"), on_delete=models.PROTECT, related_name="bookings")
    series = models.ForeignKey(
        RoomBookingSeries,
        verbose_name=_("cykl"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bookings",
    )
    starts_at = models.DateTimeField(_("początek"))
    ends_at = models.DateTimeField(_("koniec"))
    status = models.CharField(
        _("status"), max_length=16, choices=BookingStatus.choices, default=BookingStatus.AWAITING_EMAIL
    )
    hold_expires_at = models.DateTimeField(_("termin potwierdzenia e-maila"), null=True, blank=True)
    organiser_kind = models.CharField(_("kto prosi"), max_length=16, choices=OrganiserKind.choices)
    organiser_name = models.CharField(_("nazwa grupy lub organizacji"), max_length=200)
    contact_name = models.CharField(_("osoba odpowiedzialna"), max_length=120)
    contact_email = models.EmailField(_("e-mail"), max_length=254)
    contact_phone = models.CharField(_("telefon"), max_length=30, blank=True)
    purpose = models.TextField(_("cel spotkania"))
    participants = models.PositiveSmallIntegerField(_("liczba uczestników"))
    fees_charged = models.BooleanField(_("uczestnicy płacą"), default=False)
    public_title = models.CharField(_("tytuł publiczny"), max_length=200, blank=True)
    public_description = models.TextField(_("opis publiczny"), blank=True)
    house_rules = models.ForeignKey(
        HouseRules, verbose_name=_("zaakceptowany regulamin"), on_delete=models.PROTECT, related_name="+"
    )
    language = models.CharField(_("język"), max_length=8, default="pl")
    created_at = models.DateTimeField(_("złożono"), default=timezone.now)
    email_confirmed_at = models.DateTimeField(_("e-mail potwierdzony"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decyzja"), null=True, blank=True)
    decided_by = models.ForeignKey(
        "auth.User",
        verbose_name=_("decyzję podjął(-ęła)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    refusal_reason = models.TextField(_("powód odmowy"), blank=True)
    cancelled_at = models.DateTimeField(_("anulowano"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("przypomnienie wysłano"), null=True, blank=True)

    objects = RoomBookingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("rezerwacja sali")
        verbose_name_plural = _("rezerwacje sal")
        indexes = [models.Index(fields=["room", "starts_at"], name="rooms_booking_room_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="rooms_booking_ends_after_start"
            ),
            PostgresExclusionConstraint(
                name="rooms_booking_no_overlap",
                expressions=[
                    ("room", RangeOperators.EQUAL),
                    (TsTzRange("starts_at", "ends_at", RangeBoundary()), RangeOperators.OVERLAPS),
                ],
                condition=Q(status__in=BLOCKING),
            ),
        ]

    def __str__(self):
        return f"{self.reference} · {self.room} · {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"

    @property
    def public_group(self) -> str:
        """Who holds an open meeting, as the public calendar shows it: a group's or an NGO's
        name, never a resident's own name (a private person's name is not published)."""
        if self.organiser_kind == OrganiserKind.RESIDENT:
            return str(OrganiserKind.RESIDENT.label)
        return self.organiser_name

    @property
    def meeting_path(self):
        """An open meeting's page on the public calendar (``rooms:meeting``)."""
        return f"/spotkania/{self.pk}/"

    @property
    def meeting_ics_path(self):
        """Its iCalendar file (``rooms:meeting_ics``)."""
        return f"/spotkania/{self.pk}.ics"


class BookingEquipment(models.Model):
    """Equipment lent separately for one booking."""

    booking = models.ForeignKey(RoomBooking, on_delete=models.CASCADE, related_name="equipment_lines")
    equipment = models.ForeignKey(
        Equipment, verbose_name=_("sprzęt"), on_delete=models.PROTECT, related_name="lines"
    )
    quantity = models.PositiveSmallIntegerField(_("liczba sztuk"), default=1)

    class Meta:
        verbose_name = _("wypożyczony sprzęt")
        verbose_name_plural = _("wypożyczony sprzęt")
        constraints = [
            models.UniqueConstraint(fields=["booking", "equipment"], name="rooms_equipment_once_per_booking"),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="rooms_equipment_quantity_positive"),
        ]

    def __str__(self):
        return f"{self.equipment.name} × {self.quantity}"
