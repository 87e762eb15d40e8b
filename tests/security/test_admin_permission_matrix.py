"""Every admin view of the project's models, for every role: each role reaches exactly its registers.

The URLs come from the resolver (``get_resolver()``), so a view added later — a modeladmin
action, a snippet view, a chooser, a report, a Wagtail view that takes ``app_label/model_name``
— is in the matrix without anyone editing this file; a project URL the table does not know
fails the test until it gets a line in ``REGISTERS`` or ``PROJECT_VIEWS``.
"""

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from wagtail.models import Revision

from home.roles import EDITORS, ROOM_STAFF, VOLUNTEER_COORDINATORS, WORKSHOP_STAFF
from tests.security.admin_records import make_all_records

pytestmark = pytest.mark.django_db

SUPERUSER, EDITOR, COORDINATOR, WORKSHOP, ROOMS, NO_GROUP, PARTNER, ANONYMOUS = (
    "superuser",
    "Redakcja",
    "Koordynacja wolontariatu",
    "Warsztaty",
    "Sale",
    "staff without a group",
    "partner organisation's manager (portal account)",
    "anonymous",
)
ROLES = [SUPERUSER, EDITOR, COORDINATOR, WORKSHOP, ROOMS, NO_GROUP, PARTNER, ANONYMOUS]
GROUP_OF = {
    EDITOR: EDITORS,
    COORDINATOR: VOLUNTEER_COORDINATORS,
    WORKSHOP: WORKSHOP_STAFF,
    ROOMS: ROOM_STAFF,
}
DIRECTORY = {SUPERUSER, EDITOR, COORDINATOR}

#: Who may open each register (model label): everyone else is refused on every one of its views.
REGISTERS = {
    # personal data: the registry, idea submissions, school requests -> coordinators
    "people.volunteer": {SUPERUSER, COORDINATOR},
    "people.application": {SUPERUSER, COORDINATOR},
    "people.consenttext": {SUPERUSER, COORDINATOR},
    # who saw which applicant's data (the audit of partners' and staff's views) -> coordinators
    "people.applicantdataaccess": {SUPERUSER, COORDINATOR},
    "initiatives.ideasubmission": {SUPERUSER, COORDINATOR},
    "campaigns.schoolrequest": {SUPERUSER, COORDINATOR},
    # every e-mail the platform sends (addresses, failures) -> coordinators
    "home.outgoingemail": {SUPERUSER, COORDINATOR},
    # the partner portal's accounts (partners' contact data) -> coordinators; partners never
    "partners.membership": {SUPERUSER, COORDINATOR},
    "partners.invitation": {SUPERUSER, COORDINATOR},
    "partners.joinrequest": {SUPERUSER, COORDINATOR},
    # youth projects organisations propose to co-organise with CAS -> coordinators
    "volunteers.youthproject": {SUPERUSER, COORDINATOR},
    # bookings (minors among them) -> workshop staff
    "workshops.booking": {SUPERUSER, WORKSHOP},
    "workshops.workshopsession": {SUPERUSER, WORKSHOP},
    # room requests (a group's contact data) -> room staff and coordinators; rooms -> room staff
    "rooms.roombooking": {SUPERUSER, ROOMS, COORDINATOR},
    "rooms.room": {SUPERUSER, ROOMS},
    "rooms.equipment": {SUPERUSER, ROOMS},
    "rooms.houserules": {SUPERUSER, ROOMS},
    # the public directory -> editors and coordinators
    "volunteers.organisation": DIRECTORY,
    "volunteers.opportunity": DIRECTORY,
    "volunteers.skill": DIRECTORY,
    "volunteers.area": DIRECTORY,
    # campaign topics -> editors
    "campaigns.campaigntopic": {SUPERUSER, EDITOR},
    # download counts (no personal data) -> editors and coordinators
    "campaigns.impact_report": DIRECTORY,
}

#: Public content that Wagtail lets every admin user pick in choosers (its snippet choosers check no
#: permission) and see on a bulk action's confirmation page (the action itself checks each object).
PUBLIC_CONTENT = {
    "volunteers.organisation",
    "volunteers.opportunity",
    "volunteers.skill",
    "volunteers.area",
    "campaigns.campaigntopic",
}
ANY_ADMIN_USER = {SUPERUSER, EDITOR, COORDINATOR, WORKSHOP, ROOMS}
PICKING_ACTIONS = {"choose", "choose_results", "chosen", "chosen_multiple", "generic:wagtail_bulk_action"}

#: The project's own admin URLs (not modeladmin or snippets): URL name -> (register, the record's URL kwarg).
PROJECT_VIEWS = {
    "workshop_attendance": ("workshops.booking", "session_id"),
    "campaigns_impact_report": ("campaigns.impact_report", None),
    # the rooms' week calendar shows requests (a group's name, links, decisions)
    "rooms_calendar": ("rooms.roombooking", None),
}
#: The record the attendance list is about.
RECORD_OF_KWARG = {"session_id": "workshops.workshopsession"}

#: Views a permitted role must open (200); the rest (create, edit, delete of read-only
#: registers) may refuse even a permitted role, by design.
READ_ACTIONS = {"index", "inspect", "history", "list", "list_results", "history_results", "usage", "edit"}
READ_ONLY_REGISTERS = {
    "home.outgoingemail",
    "partners.membership",
    "partners.invitation",
    "partners.joinrequest",
    "people.volunteer",
    "people.application",  # its status changes only through the "status" view (the one service)
    "people.applicantdataaccess",
    "people.consenttext",
    "volunteers.youthproject",  # it changes only through its review actions (the services)
    "initiatives.ideasubmission",
    "workshops.booking",
    "workshops.workshopsession",
    "rooms.roombooking",
    "rooms.houserules",
}

MODELADMIN_NAME = re.compile(r"^(?P<app>[a-z]+)_(?P<model>[a-z]+)_modeladmin_(?P<action>\w+)$")
SNIPPET_NAMESPACE = re.compile(r"^wagtailsnippet(?:s|choosers)_(?P<app>[a-z]+)_(?P<model>[a-z]+)$")
PROJECT_APPS = ("campaigns", "home", "initiatives", "volunteers", "cas_site")
MODEL_KWARGS = ({"app_label", "model_name"}, {"app_name", "model_name"})


def admin_patterns():
    """(namespaced name, pattern, view callback) of every URL under /admin/."""

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = ":".join(filter(None, [namespace, pattern.namespace]))
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                yield name, prefix + str(pattern.pattern), pattern

    for name, route, pattern in walk(get_resolver().url_patterns, "", ""):
        if route.lstrip("^").startswith("admin/"):
            yield name, pattern


def url_kwargs(pattern):
    return set(pattern.pattern.regex.groupindex)


def callback_module(pattern):
    callback = pattern.callback
    view_class = getattr(callback, "view_class", None)
    return (view_class or callback).__module__


def build_requests(records, revisions, workflows=None):
    """Every (register, action, url) to try, and the project URLs the table does not know.

    ``workflows`` maps a register to the (workflow state, task state) of its record under
    moderation, for the moderation views (approve, ask for changes, history of a review)."""
    requests, unknown = [], []
    workflows = workflows or {}

    def record_kwargs(kwargs, label):
        record = records[label]
        values = {}
        for kwarg in kwargs:
            if kwarg in {"instance_pk", "pk", "object_id"}:
                values[kwarg] = record.pk
            elif kwarg.startswith("revision_id"):
                if label not in revisions:
                    return None
                values[kwarg] = revisions[label]
            elif kwarg in {"workflow_state_id", "task_state_id", "action_name"} and label in workflows:
                workflow_state, task_state = workflows[label]
                values[kwarg] = {
                    "workflow_state_id": workflow_state.pk,
                    "task_state_id": task_state.pk,
                    "action_name": "approve",
                }[kwarg]
            else:
                return None
        return values

    for name, pattern in admin_patterns():
        kwargs = url_kwargs(pattern)
        short = name.rsplit(":", 1)[-1]
        namespace = name.rsplit(":", 1)[0] if ":" in name else ""
        if match := MODELADMIN_NAME.match(name):
            label, action = f"{match['app']}.{match['model']}", match["action"]
        elif match := SNIPPET_NAMESPACE.match(namespace):
            label, action = f"{match['app']}.{match['model']}", short
        elif name in PROJECT_VIEWS:
            label, kwarg = PROJECT_VIEWS[name]
            values = {kwarg: records[RECORD_OF_KWARG[kwarg]].pk} if kwarg else {}
            requests.append((label, "index", reverse(name, kwargs=values)))
            continue
        elif kwargs in MODEL_KWARGS or kwargs == {"app_label", "model_name", "action"}:
            # Wagtail's generic views that take any model: try each register's model.
            for label in REGISTERS:
                if label in records:
                    app, model = label.split(".")
                    values = {key: app if key.startswith("app") else model for key in kwargs - {"action"}}
                    if "action" in kwargs:
                        values["action"] = "delete"
                    url = reverse(name, kwargs=values)
                    requests.append((label, f"generic:{short}", f"{url}?id={records[label].pk}"))
            continue
        elif callback_module(pattern).startswith(PROJECT_APPS):
            unknown.append(name)
            continue
        else:
            continue  # Wagtail's own views of pages, images, documents, users: Wagtail checks those
        if label not in REGISTERS:
            unknown.append(name)
            continue
        values = record_kwargs(kwargs, label)
        if values is None:
            unknown.append(name)
            continue
        requests.append((label, action, reverse(name, kwargs=values)))
    return requests, unknown


def must_open(label, action):
    return action in READ_ACTIONS and not (action == "edit" and label in READ_ONLY_REGISTERS)


def refused(response):
    if response.status_code in (403, 404):
        return True
    if response.status_code == 302:
        location = response["Location"]
        return location.startswith("/admin/login/") or location.rstrip("/") == "/admin"
    return False


@pytest.fixture
def clients(db, django_user_model):
    from django.test import Client

    result = {}
    for role in ROLES:
        client = Client()
        if role == SUPERUSER:
            client.force_login(django_user_model.objects.create_superuser("admin-matrix", "a@example.org"))
        elif role in GROUP_OF:
            user = django_user_model.objects.create_user(f"user-{role}", f"{len(result)}@example.org", "x")
            user.groups.add(Group.objects.get(name=GROUP_OF[role]))
            client.force_login(user)
        elif role == NO_GROUP:
            user = django_user_model.objects.create_user("staff-no-group", "s@example.org", is_staff=True)
            client.force_login(user)
        elif role == PARTNER:
            # Signed in to the portal with both factors: the admin must still refuse everything.
            from tests.factories import make_partner, partner_login

            partner_login(client, make_partner(role="manager", email="matrix.partner@example.org"))
        result[role] = client
    return result


def test_every_admin_view_of_every_model_opens_only_for_its_roles(home_page, clients):
    records = make_all_records(home_page, "Dane osobowe")
    revisions = {
        label: Revision.objects.for_instance(records[label]).first().pk
        for label in ("volunteers.organisation", "volunteers.opportunity")
    }
    workflows = {}
    for label in ("volunteers.organisation", "volunteers.opportunity"):  # a partner's change waits
        record = records[label]
        workflow_state = record.get_workflow().start(record, None)
        workflows[label] = (workflow_state, workflow_state.current_task_state)
    requests, unknown = build_requests(records, revisions, workflows)
    assert not unknown, f"admin URLs missing from the permission matrix's table: {unknown}"
    registers_seen = {label for label, _, _ in requests}
    assert registers_seen == set(REGISTERS), set(REGISTERS) ^ registers_seen
    assert len(requests) > 150, len(requests)  # modeladmin, snippets, choosers, generic views

    wrong = []
    for label, action, url in requests:
        allowed = REGISTERS[label]
        if label in PUBLIC_CONTENT and action in PICKING_ACTIONS:
            allowed = ANY_ADMIN_USER
        for role in ROLES:
            client = clients[role]
            response = client.get(url)
            if role not in allowed:
                if response.status_code == 405:  # a POST-only view: try it the way it is used
                    response = client.post(url)
                if not refused(response):
                    wrong.append(f"{role} reached {action} {url} ({response.status_code})")
            elif must_open(label, action) and response.status_code != 200:
                wrong.append(f"{role} refused {action} {url} ({response.status_code})")
    assert not wrong, "\n".join(wrong)
