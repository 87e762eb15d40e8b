"""Admin of the campaigns app: topics (snippet), school requests (modeladmin), impact report."""

import csv
import io
from datetime import timedelta

from django import forms
from django.contrib.admin import SimpleListFilter
from django.contrib.auth.decorators import permission_required
from django.db.models import Count, Q, Sum
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.snippets.views.snippets import SnippetViewSet

from campaigns.models import CampaignPage, CampaignTopic, MaterialDownload, PackDownload, SchoolRequest
from home.spreadsheets import csv_safe_row, xlsx_row
from home.viewsets import RegisterAdmin


class CampaignTopicViewSet(SnippetViewSet):
    model = CampaignTopic
    icon = "tag"
    menu_label = _("Tematy kampanii")
    list_display = ["name", "slug"]
    search_fields = ["name"]
    add_to_admin_menu = False


class CampaignListFilter(SimpleListFilter):
    """Filter by campaign without Django's admin site (which this project doesn't install)."""

    title = _("kampania")
    parameter_name = "campaign"

    def lookups(self, request, model_admin):
        return [
            (str(pk), title)
            for pk, title in CampaignPage.objects.order_by("title").values_list("pk", "title")
        ]

    def queryset(self, request, queryset):
        value = self.value()
        return queryset.filter(campaign_id=value) if value and value.isdigit() else queryset


class SchoolRequestAdmin(RegisterAdmin):
    """The register of school requests, for "Koordynacja wolontariatu" only (personal data)."""

    model = SchoolRequest
    menu_label = _("Zgłoszenia szkół")
    menu_icon = "group"
    menu_order = 310
    add_to_settings_menu = False
    list_display = ["reference", "school_name", "campaign", "class_level", "pupils", "status", "created_at"]
    list_filter = ["status", "class_level", CampaignListFilter, "created_at"]
    search_fields = ["reference", "school_name", "contact_name", "email"]
    list_export = [
        "reference",
        "created_at",
        "status",
        "campaign",
        "school_name",
        "contact_name",
        "email",
        "phone",
        "class_level",
        "pupils",
        "preferred_dates",
        "message",
    ]
    export_filename = "zgloszenia-szkol"
    inspect_view_enabled = True
    inspect_view_fields = [*list_export, "consent_at", "language", "staff_notes"]
    form_fields_exclude = ["consent_at"]


# --- Impact report ---------------------------------------------------------------------

REPORT_PERMISSION = "campaigns.view_materialdownload"


class ReportPeriodForm(forms.Form):
    date_from = forms.DateField(label=_("Od"), widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("Do"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date_from") and cleaned.get("date_to") and cleaned["date_to"] < cleaned["date_from"]:
            raise forms.ValidationError(_("Data końcowa nie może być wcześniejsza niż początkowa."))
        return cleaned


def impact_rows(date_from, date_to):
    """Per campaign: material downloads (each material), pack downloads and school requests."""
    in_period = {"day__gte": date_from, "day__lte": date_to}
    material_counts = {}
    for row in (
        MaterialDownload.objects.filter(**in_period)
        .values("material__page_id", "material_id", "material__title")
        .annotate(total=Sum("count"))
        .order_by("material__page_id", "material__sort_order")
    ):
        material_counts.setdefault(row["material__page_id"], []).append(
            {"title": row["material__title"], "downloads": row["total"]}
        )
    packs = dict(
        PackDownload.objects.filter(**in_period)
        .values_list("campaign_id")
        .annotate(total=Sum("count"))
        .values_list("campaign_id", "total")
    )
    requests = Count(
        "school_requests",
        filter=Q(
            school_requests__created_at__date__gte=date_from, school_requests__created_at__date__lte=date_to
        ),
    )
    rows = []
    for campaign in CampaignPage.objects.annotate(requests=requests).order_by("title"):
        materials = material_counts.get(campaign.pk, [])
        rows.append(
            {
                "campaign": campaign.title,
                "materials": materials,
                "material_downloads": sum(m["downloads"] for m in materials),
                "pack_downloads": packs.get(campaign.pk, 0),
                "requests": campaign.requests,
            }
        )
    return rows


def impact_table(rows):
    """The report as flat rows: a total line, a pack line and one line per material."""
    yield [gettext("Kampania"), gettext("Materiał"), gettext("Pobrania"), gettext("Zgłoszenia szkół")]
    for row in rows:
        yield [row["campaign"], gettext("(razem)"), row["material_downloads"], row["requests"]]
        yield [row["campaign"], gettext("paczka ZIP"), row["pack_downloads"], ""]
        for material in row["materials"]:
            yield [row["campaign"], material["title"], material["downloads"], ""]


def impact_csv(rows, date_from, date_to):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="raport-kampanii-{date_from}-{date_to}.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 CSV correctly only with a BOM
    writer = csv.writer(response)
    for line in impact_table(rows):
        writer.writerow(csv_safe_row(line))  # titles are typed by editors (CSV injection)
    return response


def impact_xlsx(rows, date_from, date_to):
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(gettext("Raport kampanii")[:31])
    for line in impact_table(rows):
        sheet.append(xlsx_row(sheet, line))  # titles are typed by editors: never formulas
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="raport-kampanii-{date_from}-{date_to}.xlsx"'
    return response


@permission_required(REPORT_PERMISSION, raise_exception=True)
def impact_report(request):
    """Downloads per campaign and material, and requests per campaign, over a chosen period."""
    today = timezone.localdate()
    form = ReportPeriodForm(request.GET or {"date_from": today - timedelta(days=30), "date_to": today})
    rows = []
    if form.is_valid():
        date_from, date_to = form.cleaned_data["date_from"], form.cleaned_data["date_to"]
        rows = impact_rows(date_from, date_to)
        if request.GET.get("format") == "csv":
            return impact_csv(rows, date_from, date_to)
        if request.GET.get("format") == "xlsx":
            return impact_xlsx(rows, date_from, date_to)
    return TemplateResponse(
        request,
        "campaigns/admin/impact_report.html",
        {"form": form, "rows": rows, "page_title": _("Raport kampanii"), "header_icon": "doc-full"},
    )


class ImpactReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(REPORT_PERMISSION)
