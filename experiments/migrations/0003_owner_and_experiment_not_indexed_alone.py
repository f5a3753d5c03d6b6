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
        ('experiments', '0002_issue23_short_blocks_open_tries_and_undo'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='dailyanswer',
                    name='experiment',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='answers', to='experiments.experiment'),
                ),
                migrations.AlterField(
                    model_name='experiment',
                    name='owner',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='experiments', to=settings.AUTH_USER_MODEL),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    [
                        "DROP INDEX IF EXISTS experiments_dailyanswer_experiment_id_47342d18",
                        "DROP INDEX IF EXISTS experiments_experiment_owner_id_0ca48f4b",
                    ],
                    reverse_sql=[
                        "CREATE INDEX IF NOT EXISTS experiments_dailyanswer_experiment_id_47342d18 ON experiments_dailyanswer (experiment_id)",
                        "CREATE INDEX IF NOT EXISTS experiments_experiment_owner_id_0ca48f4b ON experiments_experiment (owner_id)",
                    ],
                ),
            ],
        ),
    ]
