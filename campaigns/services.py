"""Rules of the campaigns app: listing campaigns, counting downloads, building packs,
taking school requests."""

import hashlib
import json
import re
import secrets
import tempfile
import unicodedata
import zipfile

from django.conf import settings
from django.core.files import File
from django.db import connection, transaction
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Sum
from django.db.models.functions import Coalesce, Length, Substr
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model
from wagtail.models import CollectionViewRestriction

from campaigns.models import (
    CampaignMaterial,
    CampaignPage,
    CampaignTopic,
    MaterialDownload,
    MaterialPack,
    PackDownload,
    SchoolRequest,
)
from cas_site.errors import DomainError
from home import outbox
from home.locking import lock_row
from home.services import next_reference

CARD_IMAGE_SPEC = "fill-640x400|format-webp"


class UnknownTopic(DomainError):
    message = _("Nie ma takiego tematu.")
    loc = ("query", "topic")


class UnknownCampaign(DomainError):
    message = _("Nie ma takiej kampanii.")
    loc = ("body", "payload", "campaign")


class ConsentRequired(DomainError):
    """A school request needs the contact person's consent to process their data (API and website alike)."""

    message = _("Bez tej zgody nie możemy przyjąć zgłoszenia.")
    loc = ("body", "payload", "consent")


# --- Listing ---------------------------------------------------------------------------


def today():
    return timezone.localdate()


def campaign_cards(pages=None, *, audience=None, topic=None, active=None, search=None):
    """Live, public campaigns filtered for a list, with everything a card needs prefetched.

    ``topic`` is a slug or a ``CampaignTopic``; an unknown slug raises ``UnknownTopic``.
    The search is a plain case-insensitive match on title and lead, so the query count
    stays the same whatever the page size.
    """
    queryset = (pages if pages is not None else CampaignPage.objects.all()).live().public()
    if audience:
        queryset = queryset.for_audience(audience)
    if topic:
        if not isinstance(topic, CampaignTopic):
            topic = CampaignTopic.objects.filter(slug=topic).first()
            if topic is None:
                raise UnknownTopic()
        queryset = queryset.in_topic(topic)
    if active is not None:
        queryset = queryset.active(active)
    if search:
        queryset = queryset.matching(search)
    images = get_image_model().objects.prefetch_renditions(CARD_IMAGE_SPEC)
    return (
        queryset.annotate(
            materials_count=Count(
                "materials", filter=~restricted_document_q("materials__document__"), distinct=True
            )
        )
        .prefetch_related(Prefetch("hero_image", queryset=images), "topics")
        .order_by(F("starts_on").desc(nulls_last=True), "-first_published_at", "pk")
    )


def current_campaigns(limit=3):
    return list(
        campaign_cards(active=True).filter(Q(starts_on__isnull=True) | Q(starts_on__lte=today()))[:limit]
    )


def restricted_document_q(prefix="document__"):
    """Rows whose document (reached through ``prefix``) sits in a collection with a view
    restriction, its own or an ancestor's (a collection's path starts with its ancestors')."""
    restrictions = CollectionViewRestriction.objects.annotate(path_length=Length("collection__path")).filter(
        collection__path=Substr(OuterRef(f"{prefix}collection__path"), 1, F("path_length"))
    )
    return Exists(restrictions)


def restricted_collection_paths() -> list[str]:
    return list(CollectionViewRestriction.objects.values_list("collection__path", flat=True))


def public_materials(materials, restricted_paths=None):
    """The materials anyone may download: their document's collection (and its ancestors)
    has no view restriction. Packs, the campaign page and the API list only these."""
    if restricted_paths is None:
        restricted_paths = restricted_collection_paths()
    return [
        m
        for m in materials
        if not any(m.document.collection.path.startswith(path) for path in restricted_paths)
    ]


def campaign_materials(campaign):
    """A campaign's public materials in order, with documents and total downloads."""
    return (
        CampaignMaterial.objects.filter(page=campaign)
        .exclude(restricted_document_q())
        .select_related("document", "page")
        .annotate(downloads=Coalesce(Sum("download_days__count"), 0))
        .order_by("sort_order", "pk")
    )


# --- Downloads -------------------------------------------------------------------------


def _increment_day(model, day, **key):
    """Add one to the (key, day) counter row; rows are created on demand.

    The increment happens in the database (``count = count + 1``), so concurrent
    downloads are never lost. On PostgreSQL it is one upsert whose commit does not wait
    for the disk (``synchronous_commit`` off for this transaction only): every download
    of a campaign updates the same row, and holding its lock across several round trips
    and a disk flush queued all downloads behind one another (150 a second on the
    benchmark machine). A database crash may forget the last fraction of a second of
    counts, never corrupt them.
    """
    if connection.vendor == "postgresql":
        ((field, value),) = key.items()
        column = model._meta.get_field(field).column
        table = connection.ops.quote_name(model._meta.db_table)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
            cursor.execute(
                f"INSERT INTO {table} (day, {column}, count) VALUES (%s, %s, 1) "  # noqa: S608
                f"ON CONFLICT (day, {column}) DO UPDATE SET count = {table}.count + 1",
                [day, getattr(value, "pk", value)],
            )
        return
    with transaction.atomic():
        model.objects.bulk_create([model(day=day, count=0, **key)], ignore_conflicts=True)
        model.objects.filter(day=day, **key).update(count=F("count") + 1)


def record_material_download(material_id: int) -> None:
    _increment_day(MaterialDownload, today(), material_id=material_id)


def record_pack_download(campaign_id: int) -> None:
    _increment_day(PackDownload, today(), campaign_id=campaign_id)


# --- Packs -----------------------------------------------------------------------------

TRANSLITERATION = str.maketrans(
    {
        "ł": "l", "Ł": "L",
        "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie", "ж": "zh",
        "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n",
        "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
        "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "iu", "я": "ia", "'": "", "’": "",
    }
)  # fmt: skip


def ascii_slug(text: str, fallback: str = "plik") -> str:
    """A safe ASCII file-name stem: Polish and Ukrainian letters transliterated (``łódź`` → ``lodz``)."""
    text = text.lower().translate(TRANSLITERATION)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return text[:80].strip("-") or fallback


def pack_filename(campaign) -> str:
    return f"{ascii_slug(campaign.slug, 'kampania')}-materialy.zip"


def pack_members(materials):
    """``(material, name in the ZIP)``: numbered, transliterated, unique names."""
    return [
        (m, f"{i:02d}-{ascii_slug(m.title)}.{m.document.file_extension.lower() or 'bin'}")
        for i, m in enumerate(materials, start=1)
    ]


def pack_fingerprint(materials) -> str:
    """A hash of everything that ends up in the ZIP: which files, in which order, named how."""
    data = [
        [m.pk, m.title, m.document_id, m.document.file_hash or "", m.size_bytes, name]
        for m, name in pack_members(materials)
    ]
    return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode()).hexdigest()


STORED_EXTENSIONS = {"png", "jpg", "jpeg", "mp4", "zip", "pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp"}


def _write_zip(target, members):
    # Fixed timestamps: the same materials always give the same bytes (a stable ETag).
    with zipfile.ZipFile(target, "w") as archive:
        for material, name in members:
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            extension = name.rsplit(".", 1)[-1]
            # Already-compressed formats are stored; compressing them again only costs time.
            info.compress_type = (
                zipfile.ZIP_STORED if extension in STORED_EXTENSIONS else zipfile.ZIP_DEFLATED
            )
            with material.document.file.open("rb") as source, archive.open(info, "w") as sink:
                for chunk in iter(lambda s=source: s.read(1024 * 1024), b""):
                    sink.write(chunk)


def public_campaign(campaign) -> bool:
    return CampaignPage.objects.live().public().filter(pk=campaign.pk).exists()


def current_pack(campaign, materials=None, *, check_file=False) -> MaterialPack | None:
    """The campaign's up-to-date pack of public materials, building it first if they changed.

    A campaign that is not live and public, or has no public material, has no pack (an
    old one is removed). Readers that find a pack with the current fingerprint return at
    once. Otherwise the pack row is locked (``lock_row``) and the fingerprint
    checked again, so when many requests see a stale pack at the same moment only one
    builds it. ``materials`` (already filtered with ``public_materials``, campaign known
    to be public) spares the queries when the caller has loaded them. ``check_file`` also
    rebuilds a pack whose file is gone from storage (a download found it missing).
    """
    if materials is None:
        if campaign.pk is None or not public_campaign(campaign):
            remove_pack(campaign)
            return None
        materials = public_materials(
            CampaignMaterial.objects.filter(page=campaign).select_related("document__collection")
        )
    if not materials:
        remove_pack(campaign)
        return None
    fingerprint = pack_fingerprint(materials)

    def up_to_date(pack):
        return (
            pack.fingerprint == fingerprint
            and pack.file
            and not (check_file and not pack.file.storage.exists(pack.file.name))
        )

    pack = MaterialPack.objects.filter(campaign=campaign).first()
    if pack and up_to_date(pack):
        return pack
    with transaction.atomic():
        MaterialPack.objects.bulk_create([MaterialPack(campaign=campaign)], ignore_conflicts=True)
        pack = lock_row(MaterialPack.objects).get(campaign=campaign)
        if up_to_date(pack):
            return pack
        old_name = pack.file.name if pack.file else None
        with tempfile.TemporaryFile() as buffer:
            _write_zip(buffer, pack_members(materials))
            buffer.seek(0)
            pack.file.save(f"{pack_filename(campaign)}", File(buffer), save=False)
        pack.size = pack.file.size
        pack.fingerprint = fingerprint
        pack.built_at = timezone.now()
        pack.save()
        if old_name and old_name != pack.file.name:
            storage = pack.file.storage
            transaction.on_commit(lambda: storage.delete(old_name))
    return pack


def remove_pack(campaign) -> None:
    """Forget a campaign's pack and delete its file (after commit); the next request rebuilds it."""
    for pack in MaterialPack.objects.filter(campaign_id=campaign.pk).exclude(file=""):
        _drop_pack_file(pack)


def _drop_pack_file(pack):
    name, storage = pack.file.name, pack.file.storage
    MaterialPack.objects.filter(pk=pack.pk).update(file="", fingerprint="", size=0)
    transaction.on_commit(lambda: storage.delete(name))


def invalidate_packs_with_documents(document_ids) -> list[int]:
    """Drop the packs of campaigns using any of these documents (their access may have
    changed) and return those campaigns' ids, to be rebuilt from public materials."""
    materials = CampaignMaterial.objects.filter(document_id__in=document_ids)
    campaign_ids = list(materials.values_list("page_id", flat=True).distinct())
    for pack in MaterialPack.objects.filter(campaign_id__in=campaign_ids).exclude(file=""):
        _drop_pack_file(pack)
    return campaign_ids


# --- School requests -------------------------------------------------------------------


def submit_school_request(data: dict, *, campaign=None, honeypot="") -> SchoolRequest:
    """Store a school's request, then e-mail the school and the staff (after commit).

    ``data`` holds the model fields; ``campaign`` is a page or an id. A filled
    honeypot gets an unsaved look-alike, so bots see the usual answer and nothing is kept.
    """

    if campaign is not None and not isinstance(campaign, CampaignPage):
        campaign = CampaignPage.objects.live().public().filter(pk=campaign).first()
        if campaign is None:
            raise UnknownCampaign()
    fields = dict(data)
    if fields.pop("consent", False) is not True:
        raise ConsentRequired()
    if honeypot:
        return SchoolRequest(
            reference=f"CAS-{today().year}-{secrets.randbelow(9000) + 1000:04d}", campaign=campaign, **fields
        )
    with transaction.atomic():
        school_request = SchoolRequest.objects.create(
            reference=next_reference(),
            campaign=campaign,
            consent_at=timezone.now(),
            language=(get_language() or "pl")[:2],
            **fields,
        )
        outbox.queue(
            "campaigns.school_request_confirmation",
            school_request.email,
            about=school_request,
            language=school_request.language,
        )
        outbox.queue(
            "campaigns.school_request_notification",
            settings.CAS_STAFF_EMAIL,
            about=school_request,
            language=settings.LANGUAGE_CODE,
        )
    return school_request
