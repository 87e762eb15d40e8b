"""Rules of the volunteering directory, one module per concern; views, the API, the admin and
commands call them through this package:

- ``directory``: what is public, how it is filtered and searched; the CSV import.
"""

from volunteers.services.directory import *  # noqa: F403
