"""Website routes of the meeting place (the ``rooms`` namespace); each answers 404 while
``CAS_ROOMS_PUBLIC`` is off. The fixed /sale/ addresses come before the rooms' own slugs."""

from django.urls import path

from initiatives.rooms import views

app_name = "rooms"

urlpatterns = [
    path("sale/", views.room_list, name="rooms"),
    path("sale/potwierdz/", views.confirm, name="confirm"),
    path("sale/odwolaj/", views.manage, name="manage"),
    path("sale/rezerwacja.ics", views.booking_ics, name="booking_ics"),
    path("sale/<slug:slug>/", views.room_detail, name="room"),
    path("sale/<slug:slug>/rezerwuj/", views.request_room, name="request"),
    path("sale/<slug:slug>/rezerwuj/wyslano/", views.request_sent, name="request_sent"),
    path("spotkania/", views.meeting_list, name="meetings"),
    path("spotkania/kalendarz.ics", views.meetings_ics, name="meetings_ics"),
    path("spotkania/<int:pk>/", views.meeting_detail, name="meeting"),
    path("spotkania/<int:pk>.ics", views.meeting_ics, name="meeting_ics"),
]
