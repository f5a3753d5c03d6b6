"""A one-column index that a unique constraint already starts with is dropped, and only the
index: why, in journal/migrations/0011_entries_indexed_by_owner_only.py."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('foods', '0007_food_curated_fields'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='favourite',
                    name='user',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='favourite_foods', to=settings.AUTH_USER_MODEL),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    [
                        "DROP INDEX IF EXISTS foods_favourite_user_id_0ab13a59",
                    ],
                    reverse_sql=[
                        "CREATE INDEX IF NOT EXISTS foods_favourite_user_id_0ab13a59 ON foods_favourite (user_id)",
                    ],
                ),
            ],
        ),
    ]
