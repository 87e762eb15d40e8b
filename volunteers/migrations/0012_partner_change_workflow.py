"""The moderation workflow of partners' changes: "Moderacja zmian partnerów", one group-approval
task for "Koordynacja wolontariatu", assigned to organisations and opportunities.

A partner's change of its profile or offer is a revision that waits here; the public site keeps
the live version until a coordinator approves it (which publishes it) or asks for changes with
a comment (which the organisation sees).
"""

from django.db import migrations

from home.roles import VOLUNTEER_COORDINATORS

WORKFLOW_NAME = "Moderacja zmian partnerów"
TASK_NAME = "Akceptacja Koordynacji wolontariatu"
MODELS = ["organisation", "opportunity"]


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")

    coordinators, _ = Group.objects.get_or_create(name=VOLUNTEER_COORDINATORS)
    task_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME, content_type=task_type, active=True)
    task.groups.add(coordinators)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    for model in MODELS:
        content_type, _ = ContentType.objects.get_or_create(app_label="volunteers", model=model)
        WorkflowContentType.objects.update_or_create(
            content_type=content_type, defaults={"workflow": workflow}
        )


def backwards(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    Workflow.objects.filter(name=WORKFLOW_NAME).delete()  # its content types and states go with it
    Task.objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("volunteers", "0011_contact_email_changes"),
        ("wagtailcore", "0098_apitoken"),
        ("home", "0002_districts_and_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
