"""A portable id for every food, so that an exported private food is found again on import.

Added in three steps: a default callable in AddField is evaluated once for all existing rows,
which would give every food the same id, so the rows get their own ids in between.
"""

import uuid

from django.conf import settings
from django.db import migrations, models


def give_each_food_its_own_id(apps, schema_editor):
    Food = apps.get_model("foods", "Food")
    batch = []
    for food in Food.objects.only("pk").iterator(chunk_size=2000):
        food.uid = uuid.uuid4()
        batch.append(food)
        if len(batch) == 2000:
            Food.objects.bulk_update(batch, ["uid"])
            batch = []
    Food.objects.bulk_update(batch, ["uid"])


class Migration(migrations.Migration):
    dependencies = [
        ("foods", "0004_favourites"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="food",
            name="uid",
            field=models.UUIDField(editable=False, null=True, verbose_name="portable id"),
        ),
        migrations.RunPython(give_each_food_its_own_id, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="food",
            name="uid",
            field=models.UUIDField(
                default=uuid.uuid4, editable=False, verbose_name="portable id"
            ),
        ),
        migrations.AddConstraint(
            model_name="food",
            constraint=models.UniqueConstraint(
                fields=("owner", "uid"), name="food_uid_once_per_owner"
            ),
        ),
    ]
