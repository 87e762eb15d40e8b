"""Rules of the volunteer registry, one module per concern; views, the API, the admin and
commands call them through this package:

- ``errors``: errors (with translated messages), paths and limits the services share.
- ``consents``: Consent texts and the consent ledger: current versions, recording and withdrawal.
- ``registration``: Registration, e-mail confirmation, guardian consent and access-link requests.
- ``self_service``: Self-service with an e-mailed link: opening a session, correcting one's data.
- ``applications``: Applications of volunteers to opportunities and the one status change.
- ``applicants``: What an organisation sees of its applicants, and the audit of every look.
- ``privacy``: Erasure, export (GDPR art. 17 and 20) and retention of the volunteer registry.
"""

from volunteers.people.services.applicants import *  # noqa: F403
from volunteers.people.services.applications import *  # noqa: F403
from volunteers.people.services.consents import *  # noqa: F403
from volunteers.people.services.errors import *  # noqa: F403
from volunteers.people.services.privacy import *  # noqa: F403
from volunteers.people.services.registration import *  # noqa: F403
from volunteers.people.services.self_service import *  # noqa: F403
