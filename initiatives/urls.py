"""Non-page website routes of the initiatives app (inside the /en/, /uk/ language prefixes)."""

from django.urls import path

from initiatives import views

app_name = "initiatives"

urlpatterns = [
    path("zglos-pomysl/", views.submit_idea, name="submit_idea"),
    path("zglos-pomysl/dziekujemy/", views.idea_submitted, name="idea_submitted"),
    path("zglos-pomysl/zgoda-opiekuna/", views.guardian_confirm, name="guardian_confirm"),
]
