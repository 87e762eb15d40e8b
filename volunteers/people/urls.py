"""Website routes of the volunteer registry (the ``people`` namespace), under /wolontariat/."""

from django.urls import path

from volunteers.people import views

app_name = "people"

urlpatterns = [
    path("wolontariat/dolacz/", views.join, name="join"),
    path("wolontariat/dolacz/wyslano/", views.join_sent, name="join_sent"),
    path("wolontariat/potwierdz/", views.confirm, name="confirm"),
    path("wolontariat/zgoda-opiekuna/", views.guardian_confirm, name="guardian_confirm"),
    path("wolontariat/moje-dane/", views.my_data, name="my_data"),
    path("wolontariat/moje-dane/popraw/", views.my_data_edit, name="my_data_edit"),
    path("wolontariat/moje-dane/eksport/", views.my_data_export, name="my_data_export"),
    path("wolontariat/moje-dane/usun/", views.my_data_delete, name="my_data_delete"),
    path("wolontariat/moje-dane/wyloguj/", views.my_data_logout, name="my_data_logout"),
    path(
        "wolontariat/moje-dane/zgody/<slug:purpose>/wycofaj/",
        views.my_data_withdraw_consent,
        name="my_data_withdraw_consent",
    ),
    path("wolontariat/moje-dane/aplikuj/<int:pk>/", views.my_data_apply, name="my_data_apply"),
    path(
        "wolontariat/moje-dane/zgloszenia/<int:pk>/wycofaj/",
        views.my_data_withdraw_application,
        name="my_data_withdraw_application",
    ),
]
