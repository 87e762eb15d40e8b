"""Information campaigns for schools, their materials and packs, and school requests.

Workshop models live in ``campaigns.workshops.models`` and are imported here so
Django registers them with this app.
"""

from campaigns.workshops.models import *  # noqa: F403
