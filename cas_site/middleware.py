"""Cache headers that views ask for through ``home.schemas.cacheable`` / ``no_store``."""

from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers


class CacheHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "cas_no_store", False):
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        elif getattr(request, "cas_cache_max_age", None) and response.status_code == 200:
            patch_cache_control(response, public=True, max_age=request.cas_cache_max_age)
            patch_vary_headers(response, ["Accept-Language"])
        return response


class ApiLanguageMiddleware:
    """The API speaks the language of ``Accept-Language`` (Polish by default).

    ``LocaleMiddleware`` pins every unprefixed path to Polish because the website's
    Polish pages have no prefix; the API has no prefixes at all, so it negotiates.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.utils import translation

        if not request.path_info.startswith("/api/"):
            return self.get_response(request)
        language = translation.get_language_from_request(request, check_path=False)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ["Accept-Language"])
        return response
