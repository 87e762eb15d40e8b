"""Registers home's admin of the outbox and the privacy rules of the outbox and e-mailed links."""

from wagtail import hooks
from wagtail_modeladmin.options import modeladmin_register

from home.registry import ERASURE_HOOK, RETENTION_HOOK
from home.viewsets import OutgoingEmailAdmin

modeladmin_register(OutgoingEmailAdmin)


@hooks.register(RETENTION_HOOK)
def outbox_retention(**kwargs):
    from home.privacy import purge_messages

    return purge_messages(**kwargs)


@hooks.register(ERASURE_HOOK)
def outbox_erasure(email):
    from home.privacy import erase_messages

    return erase_messages(email)
