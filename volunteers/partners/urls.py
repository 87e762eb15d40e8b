"""Website routes of the partner portal (the ``partners`` namespace), under /partnerzy/.

Every route gets ``access.portal_route``: 404 while ``CAS_PARTNERS_PUBLIC`` is off, and
``Cache-Control: no-store`` with ``Referrer-Policy: same-origin`` always.
"""

from django.urls import path
from wagtail.utils.urlpatterns import decorate_urlpatterns

from volunteers.partners import views
from volunteers.partners.access import portal_route

app_name = "partners"

ORGANISATION = "partnerzy/<int:organisation_id>/"

urlpatterns = decorate_urlpatterns(
    [
        path("partnerzy/", views.home, name="home"),
        path("partnerzy/logowanie/", views.LoginView.as_view(), name="login"),
        path("partnerzy/wyloguj/", views.LogoutView.as_view(), name="logout"),
        path("partnerzy/haslo/", views.PasswordResetView.as_view(), name="password_reset"),
        path("partnerzy/haslo/wyslano/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
        path(
            "partnerzy/haslo/nowe/<uidb64>/<token>/",
            views.PasswordResetConfirmView.as_view(),
            name="password_reset_confirm",
        ),
        path(
            "partnerzy/haslo/gotowe/",
            views.PasswordResetCompleteView.as_view(),
            name="password_reset_complete",
        ),
        path("partnerzy/drugi-skladnik/", views.totp_verify, name="totp_verify"),
        path("partnerzy/drugi-skladnik/konfiguracja/", views.totp_enrol, name="totp_enrol"),
        path("partnerzy/zaproszenie/", views.accept_invitation, name="accept_invitation"),
        path("partnerzy/dolacz/", views.join_request, name="join_request"),
        path("partnerzy/dolacz/wyslano/", views.join_request_sent, name="join_request_sent"),
        path(ORGANISATION, views.dashboard, name="dashboard"),
        path(ORGANISATION + "czlonkowie/", views.members, name="members"),
        path(ORGANISATION + "czlonkowie/zapros/", views.invite, name="invite"),
        path(ORGANISATION + "czlonkowie/<int:membership_id>/rola/", views.change_role, name="change_role"),
        path(
            ORGANISATION + "czlonkowie/<int:membership_id>/usun/", views.remove_member, name="remove_member"
        ),
        path(
            ORGANISATION + "zaproszenia/<int:invitation_id>/cofnij/",
            views.revoke_invitation,
            name="revoke_invitation",
        ),
        path(ORGANISATION + "profil/", views.profile, name="profile"),
        path(ORGANISATION + "oferty/", views.opportunities, name="opportunities"),
        path(ORGANISATION + "oferty/nowa/", views.opportunity_create, name="opportunity_create"),
        path(ORGANISATION + "oferty/<int:opportunity_id>/", views.opportunity_edit, name="opportunity_edit"),
        path(
            ORGANISATION + "oferty/<int:opportunity_id>/zamknij/",
            views.opportunity_close,
            name="opportunity_close",
        ),
        path(
            ORGANISATION + "oferty/<int:opportunity_id>/kopia/",
            views.opportunity_duplicate,
            name="opportunity_duplicate",
        ),
        path(ORGANISATION + "zmiany/", views.changes, name="changes"),
        path(ORGANISATION + "adres-zgloszen/", views.contact_email, name="contact_email"),
        path(ORGANISATION + "tokeny/", views.tokens, name="tokens"),
        path(ORGANISATION + "tokeny/<int:token_id>/uniewaznij/", views.revoke_token, name="revoke_token"),
        path(ORGANISATION + "zgloszenia/", views.applications, name="applications"),
        path(ORGANISATION + "zgloszenia/<int:application_id>/", views.application, name="application"),
        path(ORGANISATION + "projekty/", views.projects, name="projects"),
        path(ORGANISATION + "projekty/nowy/", views.propose_project, name="propose_project"),
        path(ORGANISATION + "projekty/<int:project_id>/", views.project, name="project"),
    ],
    portal_route,
)
