"""Registers the registry's admin, audit-log actions, outbox, privacy rules and its count on /wolontariat/."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail_modeladmin.options import modeladmin_register

from home.registry import ERASURE_HOOK, RETENTION_HOOK
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
