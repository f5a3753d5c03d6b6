"""A one-column index that a unique constraint already starts with is dropped, and only the
index: why, in journal/migrations/0011_entries_indexed_by_owner_only.py."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('reminders', '0003_reminder_due_instants'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='sentreminder',
                    name='user',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    [
                        "DROP INDEX IF EXISTS reminders_sentreminder_user_id_0dd56a0d",
                    ],
                    reverse_sql=[
                        "CREATE INDEX IF NOT EXISTS reminders_sentreminder_user_id_0dd56a0d ON reminders_sentreminder (user_id)",
                    ],
                ),
            ],
        ),
    ]
