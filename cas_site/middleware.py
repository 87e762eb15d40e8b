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
