"""Rules of the volunteering directory, one module per concern; views, the API, the admin and
commands call them through this package:

- ``directory``: what is public, how it is filtered and searched; the CSV import.
- ``changes``: an organisation's changes of its profile and offers, moderated by CAS.
- ``contact``: the address applications go to: one audited change, confirmed by its owner.
- ``projects``: youth projects organisations propose to co-organise with CAS.
"""

from volunteers.services.changes import *  # noqa: F403
from volunteers.services.contact import *  # noqa: F403
from volunteers.services.directory import *  # noqa: F403
from volunteers.services.projects import *  # noqa: F403
