"""Registers the registry's admin, audit-log actions, outbox, privacy rules and its count on /wolontariat/."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogFormatter
from wagtail_modeladmin.options import modeladmin_register

from home.registry import ERASURE_HOOK, RETENTION_HOOK
from volunteers.people.choices import ApplicationStatus, Channel
from volunteers.people.services import STATUS_CHANGE_ACTION
from volunteers.people.viewsets import (
    APPLICATION_INSPECT_ACTION,
    EXPORT_ACTION,
    INSPECT_ACTION,
    RegistryAdminGroup,
)
from volunteers.registry import REGISTERED_VOLUNTEERS_HOOK

modeladmin_register(RegistryAdminGroup)


@hooks.register("register_log_actions")
def registry_log_actions(actions):
    actions.register_action(
        INSPECT_ACTION, _("Podgląd danych wolontariusza"), _("Podgląd danych wolontariusza")
    )
    actions.register_action(
        EXPORT_ACTION, _("Eksport danych wolontariusza"), _("Eksport danych wolontariusza")
    )
    actions.register_action(
        APPLICATION_INSPECT_ACTION, _("Podgląd zgłoszenia"), _("Podgląd zgłoszenia wolontariusza")
    )

    @actions.register_action(STATUS_CHANGE_ACTION)
    class ApplicationStatusChange(LogFormatter):
        label = _("Zmiana statusu zgłoszenia")

        def format_message(self, log_entry):
            def label(choices, value):
                return str(dict(choices.choices).get(value, value or "—"))

            data = log_entry.data
            text = gettext("Status: „%(old)s” → „%(new)s” (%(via)s)") % {
                "old": label(ApplicationStatus, data.get("from")),
                "new": label(ApplicationStatus, data.get("to")),
                "via": label(Channel, data.get("via")),
            }
            if data.get("message"):
                text += gettext(", z wiadomością do wolontariusza")
            return text


@hooks.register(RETENTION_HOOK)
def registry_retention(**kwargs):
    from volunteers.people.services import purge_registry

    return purge_registry(**kwargs)


@hooks.register(ERASURE_HOOK)
def registry_erasure(email):
    from volunteers.people.services import erase_registry_person

    return erase_registry_person(email)


@hooks.register(REGISTERED_VOLUNTEERS_HOOK)
def registry_active_volunteers():
    from volunteers.people.services import active_volunteers_count

    return active_volunteers_count()
