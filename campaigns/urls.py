"""Website routes of the campaigns app that are not pages.

Campaign routes (material downloads, the pack, QR codes) live in the ``campaigns``
namespace; the prefix matches the campaign index page's slug ("kampanie", API.md) and
campaigns are looked up by their own slug, unique under the one index page.
"""

from django.urls import include, path

from campaigns import views

campaign_urlpatterns = [
    path(
        "kampanie/<str:slug>/materialy/<int:material_id>/", views.material_download, name="material_download"
    ),
    path("kampanie/<str:slug>/materialy.zip", views.pack_download, name="pack"),
    path("kampanie/<str:slug>/qr.<str:kind>", views.qr_code, name="qr"),
]

urlpatterns = [
    path("", include((campaign_urlpatterns, "campaigns"))),
]
