"""Signal receivers of the directory, connected in ``VolunteersConfig.ready``.

Moderation of partners' changes (``services.changes``): Wagtail's workflow signals tell CAS's
staff address of a change to review and the members who made a change of CAS's decision and
comment, through the one outbox. Wagtail's own moderation e-mails would go straight to the mail
server (lost in an outage, sent during the partner's request) and link to an admin partners
cannot open, so for these two models they give way to ours; for every other object (pages)
they are sent as before. They give way by taking Wagtail's own receivers' places (same
``dispatch_uid``): this app's ``ready`` runs before ``wagtail.admin``'s, whose later connects are
then no-ops (``tests/volunteers/test_partner_changes.py`` checks the receivers in place).
"""

from wagtail.models import TaskState, WorkflowState
from wagtail.signals import task_submitted, workflow_approved, workflow_rejected, workflow_submitted

from volunteers import services


def on_task_submitted(sender, instance, user=None, **kwargs):
    if services.is_partner_moderated(instance.workflow_state.content_object):
        services.notify_staff_of_change(instance)


def on_decision(sender, instance, user=None, **kwargs):
    if services.is_partner_moderated(instance.content_object):
        services.notify_decision(instance, user)


def _wagtail_notice_unless_partner_change(notifier, workflow_state_of):
    """Wagtail's ``notifier``, except for partners' changes (their e-mails are ours)."""

    def notify(sender, instance=None, **kwargs):
        if services.is_partner_moderated(workflow_state_of(instance).content_object):
            return None
        return notifier(sender=sender, instance=instance, **kwargs)

    notify.gives_way_to_partner_changes = True
    return notify


def wagtail_notices():
    """(signal, sender, Wagtail's dispatch_uid, notifier, the workflow state of the instance)."""
    from wagtail.admin import signal_handlers as wagtail

    return [
        (
            task_submitted,
            TaskState,
            "group_approval_task_submitted_email_notification",
            wagtail.task_submission_email_notifier,
            lambda task_state: task_state.workflow_state,
        ),
        (
            workflow_submitted,
            WorkflowState,
            "workflow_state_submitted_email_notification",
            wagtail.workflow_submission_email_notifier,
            lambda state: state,
        ),
        (
            workflow_rejected,
            WorkflowState,
            "workflow_state_rejected_email_notification",
            wagtail.workflow_rejection_email_notifier,
            lambda state: state,
        ),
        (
            workflow_approved,
            WorkflowState,
            "workflow_state_approved_email_notification",
            wagtail.workflow_approval_email_notifier,
            lambda state: state,
        ),
    ]


def connect():
    for signal, sender, dispatch_uid, notifier, state_of in wagtail_notices():
        receiver = _wagtail_notice_unless_partner_change(notifier, state_of)
        signal.connect(receiver, sender=sender, dispatch_uid=dispatch_uid, weak=False)
    task_submitted.connect(on_task_submitted, sender=TaskState, dispatch_uid="cas-partner-change-submitted")
    workflow_approved.connect(on_decision, sender=WorkflowState, dispatch_uid="cas-partner-change-approved")
    workflow_rejected.connect(on_decision, sender=WorkflowState, dispatch_uid="cas-partner-change-refused")
