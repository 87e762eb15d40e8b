"""A success story may come from a finished youth project co-organised with an organisation."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0004_drop_superseded_guardian_token_fields"),
        ("volunteers", "0013_youth_projects"),
    ]

    operations = [
        migrations.AddField(
            model_name="successstorypage",
            name="youth_project",
            field=models.OneToOneField(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="success_story",
                to="volunteers.youthproject",
                verbose_name="projekt współorganizowany z organizacją",
            ),
        ),
    ]
