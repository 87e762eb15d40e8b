"""Material packs move from public media to private storage.

Packs built before this migration sit under MEDIA_ROOT/campaign-packs/, which the web
server may serve directly, and may hold documents that were restricted later: their
files are deleted and the rows forgotten, so each pack is rebuilt (public materials
only, in private storage) on its next download or by ``build_material_packs``.
"""

from django.core.files.storage import default_storage
from django.db import migrations, models

import cas_site.storage


def forget_public_packs(apps, schema_editor):
    MaterialPack = apps.get_model("campaigns", "MaterialPack")
    for pack in MaterialPack.objects.exclude(file=""):
        if pack.file.name.startswith("campaign-packs/") and default_storage.exists(pack.file.name):
            default_storage.delete(pack.file.name)
    MaterialPack.objects.update(file="", fingerprint="", size=0)


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0007_booking_email_outbox"),
    ]

    operations = [
        migrations.AlterField(
            model_name="materialpack",
            name="file",
            field=models.FileField(blank=True, storage=cas_site.storage.private_storage, upload_to="campaign-packs/"),
        ),
        migrations.RunPython(forget_public_packs, migrations.RunPython.noop),
    ]
