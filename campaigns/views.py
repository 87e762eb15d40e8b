"""Website views of campaigns: the campaign list and page (with the school request form),
counted material downloads, the material pack, QR codes."""

import io
from typing import NamedTuple

import segno
from django.contrib import messages
from django.core.cache import cache
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, redirect
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _
from wagtail.documents.views.serve import serve as serve_document

from campaigns import services
from campaigns.forms import CampaignFilterForm, SchoolRequestForm
from campaigns.models import CampaignMaterial, CampaignPage, MaterialPack
from cas_site import response_cache
from cas_site.errors import DomainError
from cas_site.public_writes import form_error, public_write, refused
from home.views import paginate, render_page

QR_MAX_AGE = 86400


def campaign_index(request, page, *args, **kwargs):
    """``/kampanie/`` (a ``CampaignIndexPage``): campaign cards, filtered, searched and paged."""
    form = CampaignFilterForm(request.GET or None)
    filters = {}
    if form.is_bound:
        form.is_valid()  # invalid values are shown as errors; cleaned_data keeps the valid ones
        filters = form.cleaned_data
    campaigns = services.campaign_cards(
        CampaignPage.objects.child_of(page),
        audience=filters.get("audience") or None,
        topic=filters.get("topic") or None,
        active={"aktualne": True, "archiwalne": False}.get(filters.get("status") or ""),
        search=filters.get("q") or None,
    )
    context = {"filter_form": form, "page_obj": paginate(request, campaigns, page.per_page)}
    return render_page(request, page, context, *args, **kwargs)


def campaign_page(request, page, *args, **kwargs):
    """A campaign with its public materials and pack; POST is the school request form on it."""
    form = SchoolRequestForm(initial={"campaign": page.pk})
    refusal = None
    if request.method == "POST":
        form = SchoolRequestForm(request.POST)
        if form.is_valid():
            try:
                public_write("school-requests").admit(request)  # the service answers a filled honeypot
                school_request = services.submit_school_request(
                    form.payload(), campaign=page, honeypot=form.cleaned_data["website"]
                )
            except DomainError as error:
                form_error(form, error)
                refusal = error
            else:
                messages.success(
                    request,
                    _("Dziękujemy! Przyjęliśmy zgłoszenie %(reference)s. Potwierdzenie wysłaliśmy e-mailem.")
                    % {"reference": school_request.reference},
                )
                return redirect(page.get_url(request) + "#zgloszenie")
    # Documents in restricted collections are not listed (nor packed) for anyone.
    materials = services.public_materials(page.materials.select_related("document__collection"))
    context = {
        "materials": materials,
        # A preview of an unsaved page has no stored materials to pack yet.
        "pack": services.current_pack(page) if materials and page.pk else None,
        "request_form": form,
    }
    response = render_page(request, page, context, *args, **kwargs)
    if request.method == "POST":
        add_never_cache_headers(response)  # a form sent back with errors repeats the person's data
    return refused(response, refusal)


def live_campaign(slug):
    """A published campaign that anyone may see (private pages are not served here)."""
    return get_object_or_404(CampaignPage.objects.live().public(), slug=slug)


def material_download(request, slug, material_id):
    """Serve a material through Wagtail's document view (its privacy checks, its headers)
    and count the download when the file was actually sent."""
    campaign = live_campaign(slug)
    material = get_object_or_404(
        CampaignMaterial.objects.select_related("document"), pk=material_id, page=campaign
    )
    document = material.document
    response = serve_document(request, document.pk, document.filename)
    if response.status_code == 200 or is_storage_redirect(response, document):
        services.record_material_download(material.pk)
        # Every download must reach us to be counted; caches may keep a copy but must ask.
        patch_cache_control(response, no_cache=True)
    return response


def is_storage_redirect(response, document):
    """With ``WAGTAILDOCS_SERVE_METHOD = "redirect"`` (object storage) a served file is a
    redirect to the storage; a privacy refusal redirects elsewhere (the login page)."""
    if response.status_code != 302:
        return False
    try:
        return response["Location"] == document.file.url
    except NotImplementedError:
        return False


def pack_download(request, slug):
    """Stream the campaign's ZIP of its public materials, rebuilt only when they changed.

    The ZIP lives in private storage (no URL of its own): this view is the only way out,
    and it holds only documents anyone may download, so it needs no per-request check.
    What a download needs (file, size, fingerprint, name) is kept in the shared cache for
    the current content generation (a document or restriction change starts a new one),
    so a repeat download costs the counting UPDATE only.
    """
    key = f"cas:pack:{response_cache.generation()}:{slug}"
    pack = cache.get(key) if response_cache.seconds() else None
    if pack is None:
        pack = _pack_file(slug, key)
    etag = f'"{pack.fingerprint}"'
    if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponseNotModified()
    else:
        # Counted first: nothing that can fail runs between opening the file and returning it.
        services.record_pack_download(pack.campaign_id)
        try:
            response = _pack_response(pack)
        except FileNotFoundError:
            # Replaced by a rebuild (another request or process) since it was looked up or
            # remembered: look again, which finds or builds the current file.
            cache.delete(key)
            pack = _pack_file(slug, key, check_file=True)
            etag = f'"{pack.fingerprint}"'
            response = _pack_response(pack)
    response["ETag"] = etag
    patch_cache_control(response, public=True, no_cache=True)
    return response


def _pack_file(slug, key, *, check_file=False):
    """What a download of the campaign's pack needs, remembered for the content generation."""
    campaign = live_campaign(slug)
    materials = services.public_materials(
        CampaignMaterial.objects.filter(page=campaign).select_related("document__collection")
    )
    if not materials:
        raise Http404
    built = services.current_pack(campaign, materials, check_file=check_file)
    pack = PackFile(
        campaign.pk, built.fingerprint, built.file.name, built.size, services.pack_filename(campaign)
    )
    if response_cache.seconds():
        cache.set(key, pack, response_cache.seconds())
    return pack


def _pack_response(pack):
    """The ZIP as a streamed response; the file is closed if the response cannot be made
    (it may be deleted between opening and measuring it)."""
    handle = MaterialPack._meta.get_field("file").storage.open(pack.name, "rb")
    try:
        response = FileResponse(handle, content_type="application/zip")
    except BaseException:
        handle.close()
        raise
    response["Content-Length"] = str(pack.size)
    # One safe, transliterated name (bezpieczny-internet-materialy.zip) in every browser.
    response["Content-Disposition"] = f'attachment; filename="{pack.filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


class PackFile(NamedTuple):
    campaign_id: int
    fingerprint: str
    name: str
    size: int
    filename: str


def campaign_qr(campaign, request):
    """The QR code of the campaign page's full address (for posters)."""
    return segno.make(campaign.get_full_url(request), error="m")


def qr_code(request, slug, kind):
    if kind not in {"svg", "png"}:
        raise Http404
    campaign = live_campaign(slug)
    buffer = io.BytesIO()
    qr = campaign_qr(campaign, request)
    if kind == "svg":
        qr.save(buffer, kind="svg", scale=8, border=4, title=campaign.title, xmldecl=False)
        content_type = "image/svg+xml"
    else:
        qr.save(buffer, kind="png", scale=10, border=4)
        content_type = "image/png"
    response = HttpResponse(buffer.getvalue(), content_type=content_type)
    patch_cache_control(response, public=True, max_age=QR_MAX_AGE)
    return response
