"""Let editors and volunteer coordinators manage the public directory (no personal data in it).

Wagtail creates the snippets' publish/lock/unlock permissions only after the whole
``migrate`` (post_migrate); they are created here first so they can be granted.
"""

from django.db import migrations

from home.roles import EDITORS, VOLUNTEER_COORDINATORS, ensure_permissions, grant, revoke

WORKFLOW_MODELS = ["organisation", "opportunity"]  # drafts + locking
VOCABULARY_MODELS = ["skill", "area"]
EXTRA_ACTIONS = {"publish": "publish", "lock": "lock", "unlock": "unlock"}


def codenames():
    names = [
        f"{action}_{model}"
        for model in WORKFLOW_MODELS + VOCABULARY_MODELS
        for action in ("add", "change", "delete")
    ]
    names += [f"{action}_{model}" for model in WORKFLOW_MODELS for action in EXTRA_ACTIONS]
    return names


def create_snippet_permissions(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    for model_name in WORKFLOW_MODELS:
        model = apps.get_model("volunteers", model_name)
        content_type, _ = ContentType.objects.get_or_create(app_label="volunteers", model=model_name)
        for action in EXTRA_ACTIONS:
            Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model_name}",
                defaults={"name": f"Can {action} {model._meta.verbose_name_raw}"},
            )


def forwards(apps, schema_editor):
    ensure_permissions(apps)
    create_snippet_permissions(apps)
    for group in (EDITORS, VOLUNTEER_COORDINATORS):
        grant(apps, group, "volunteers", codenames())


def backwards(apps, schema_editor):
    for group in (EDITORS, VOLUNTEER_COORDINATORS):
        revoke(apps, group, "volunteers", codenames())


class Migration(migrations.Migration):
    dependencies = [
        ("volunteers", "0002_skills_and_areas"),
        ("home", "0002_districts_and_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
