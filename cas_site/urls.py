from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.utils.urlpatterns import decorate_urlpatterns

from cas_site.api import install as install_api
from cas_site.routes import API_ROOT, admin_route, api_docs_route, api_route
from home import views as home_views
from home.registry import app_modules

api = install_api()
api_patterns, api_app, api_namespace = api.urls
# Each group of routes carries its own policy (cas_site.routes), not a URL-prefix test in middleware.
decorate_urlpatterns(api_patterns, api_route)
decorate_urlpatterns([p for p in api_patterns if getattr(p, "name", None) == "openapi-view"], api_docs_route)

# Non-page website routes of each CAS app (``<app>/urls.py`` with ``urlpatterns``),
# placed before Wagtail's catch-all page serving, inside the language prefix.
app_site_urls = [path("", include(module)) for _config, module in app_modules("urls")]

urlpatterns = [
    path("admin/", include(decorate_urlpatterns(list(wagtailadmin_urls.urlpatterns), admin_route))),
    path("documents/", include(wagtaildocs_urls)),
    path(API_ROOT.strip("/") + "/", (api_patterns, api_app, api_namespace)),
    path("i18n/setlang/", set_language, name="set_language"),
    path("sitemap.xml", home_views.sitemap, name="sitemap"),
    path("robots.txt", home_views.robots_txt, name="robots_txt"),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("szukaj/", home_views.search, name="search"),
    path("deklaracja-dostepnosci/", home_views.accessibility_statement, name="accessibility_statement"),
    *app_site_urls,
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

handler400 = "home.views.bad_request"
handler404 = "home.views.page_not_found"
handler500 = "home.views.server_error"
