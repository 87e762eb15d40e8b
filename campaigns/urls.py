"""Website routes of campaigns that are not pages: material downloads, the pack, QR codes."""

from django.urls import path

from campaigns import views

app_name = "campaigns"

# The prefix matches the campaign index page's slug ("kampanie", API.md); campaigns are
# looked up by their own slug, which Wagtail keeps unique under the one index page.

urlpatterns = [
    path(
        "kampanie/<str:slug>/materialy/<int:material_id>/", views.material_download, name="material_download"
    ),
    path("kampanie/<str:slug>/materialy.zip", views.pack_download, name="pack"),
    path("kampanie/<str:slug>/qr.<str:kind>", views.qr_code, name="qr"),
]
