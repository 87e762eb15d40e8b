"""Website routes of the workshops module that are not pages (mounted before page serving)."""

from django.urls import path

from campaigns.workshops import views

urlpatterns = [
    path("warsztaty/kalendarz.ics", views.calendar_ics, name="workshop_calendar_ics"),
    path("warsztaty/termin-<int:pk>.ics", views.session_ics, name="workshop_session_ics"),
    path("warsztaty/rezygnacja/", views.cancel, name="workshop_cancel"),
    path("warsztaty/zgoda-opiekuna/", views.guardian_confirm, name="workshop_guardian_confirm"),
    path("warsztaty/potwierdz-zapis/", views.confirm_email, name="workshop_confirm_email"),
]
