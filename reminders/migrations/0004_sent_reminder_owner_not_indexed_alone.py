"""Indexes of one column that another index or unique constraint already starts with, or
that no query reads (docs/performance.md, "Indexes"), are dropped.

Only the indexes: Django's own AlterField would also drop each owner's foreign key and add it
again, which on PostgreSQL checks every row of the table while writes wait (minutes on a
large journal table), and on SQLite copies every table. So the state changes as AlterField
says and the database only loses the index, on both databases under the same name.
"""

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
