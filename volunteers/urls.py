"""/wolontariat/: the landing page, the organisation directory and the opportunities, and the
page of the link that confirms an organisation's new address for applications."""

from django.urls import path

from volunteers import views

app_name = "volunteers"

urlpatterns = [
    path("wolontariat/", views.landing, name="landing"),
    path("wolontariat/organizacje/", views.organisation_list, name="organisations"),
    path("wolontariat/organizacje/<slug:slug>/", views.organisation_detail, name="organisation"),
    path("wolontariat/oferty/", views.opportunity_list, name="opportunities"),
    path("wolontariat/oferty/<int:pk>/", views.opportunity_detail, name="opportunity"),
    path(
        "wolontariat/potwierdz-adres-organizacji/",
        views.confirm_contact_email,
        name="confirm_contact_email",
    ),
]
