"""Seed the districts of Sosnowiec and create the admin roles with their base permissions."""

from django.db import migrations
from django.utils.text import slugify

from home.roles import ALL_ROLES, EDITORS, ensure_permissions, grant

DISTRICTS = [
    "Bobrowniki",
    "Dańdówka",
    "Dębowa Góra",
    "Jęzor",
    "Kazimierz Górniczy",
    "Klimontów",
    "Maczki",
    "Milowice",
    "Modrzejów",
    "Niwka",
    "Ostrowy Górnicze",
    "Pogoń",
    "Porąbka",
    "Radocha",
    "Sielec",
    "Stary Sosnowiec",
    "Środula",
    "Śródmieście",
    "Zagórze",
    "Zawodzie",
]

PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page"]
COLLECTION_PERMISSIONS = {
    "wagtailimages": ["add_image", "change_image", "choose_image"],
    "wagtaildocs": ["add_document", "change_document", "choose_document"],
}


def forwards(apps, schema_editor):
    District = apps.get_model("home", "District")
    for name in DISTRICTS:
        District.objects.get_or_create(slug=slugify(name.replace("ł", "l")), defaults={"name": name})

    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    admin_access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    # Wagtail's English default groups would stand beside ours in a Polish admin.
    Group.objects.filter(name__in=["Editors", "Moderators"], user__isnull=True).delete()
    for name in ALL_ROLES:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(admin_access)

    editors = grant(apps, EDITORS, "home", ["change_centresettings"])
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    root = Page.objects.filter(depth=1).first()
    for codename in PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=editors,
            page=root,
            permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
        )
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    root_collection = Collection.objects.filter(depth=1).first()
    for app_label, codenames in COLLECTION_PERMISSIONS.items():
        for codename in codenames:
            GroupCollectionPermission.objects.get_or_create(
                group=editors,
                collection=root_collection,
                permission=Permission.objects.get(content_type__app_label=app_label, codename=codename),
            )


def backwards(apps, schema_editor):
    apps.get_model("home", "District").objects.filter(name__in=DISTRICTS).delete()
    apps.get_model("auth", "Group").objects.filter(name__in=ALL_ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
