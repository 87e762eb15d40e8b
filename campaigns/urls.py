from campaigns.workshops.urls import urlpatterns  # noqa: F401
