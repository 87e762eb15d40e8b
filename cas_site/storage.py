"""Where files that must only leave through a checked view are stored.

``MEDIA_ROOT`` is served by the web server (or object storage) as it is, so anything
generated from content with access rules (a campaign's material pack) lives under
``CAS_PRIVATE_ROOT`` instead: outside every public URL, read by views that check first.
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.utils.functional import cached_property


class PrivateStorage(FileSystemStorage):
    """A file system storage under ``CAS_PRIVATE_ROOT`` whose files have no URL."""

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.CAS_PRIVATE_ROOT)

    def url(self, name):
        raise ValueError("Files in private storage have no public URL; a checked view serves them.")

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "CAS_PRIVATE_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)


def private_storage():
    """The storage of generated files served only through checked views (``STORAGES["private"]``)."""
    return storages["private"]

